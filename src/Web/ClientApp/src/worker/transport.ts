import { api, ApiError, httpSettings, type Problem } from '../api/http';
import type { PhotoInput, QueueTransport, ReportBody } from './reportQueue';

/** Largest photo the node takes (Protection:MaxUploadBytes); a bigger one is refused before it is queued. */
export const maxPhotoBytes = 10 * 1024 * 1024;

/**
 * PUT /api/photos/{id} with the bytes as the body: the node names the photo by the phone's id, so
 * sending it again is answered 200 and stores nothing new. The node judges the type by content.
 */
export async function uploadPhoto(photo: PhotoInput): Promise<void> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': httpSettings.language,
    'Content-Type': photo.type || 'application/octet-stream',
  };
  if (httpSettings.antiforgeryToken) {
    headers['X-XSRF-TOKEN'] = httpSettings.antiforgeryToken;
  }
  let response: Response;
  try {
    response = await fetch(`/api/photos/${encodeURIComponent(photo.id)}`, {
      method: 'PUT',
      headers,
      credentials: 'same-origin',
      body: photo.bytes,
    });
  } catch (error) {
    throw new ApiError({ status: 0, title: error instanceof Error ? error.message : String(error) });
  }
  if (response.status === 401) {
    httpSettings.onUnauthorized();
  }
  if (!response.ok) {
    let problem: Problem;
    try {
      problem = { ...((await response.json()) as Partial<Problem>), status: response.status };
    } catch {
      problem = { status: response.status, title: response.statusText };
    }
    throw new ApiError(problem);
  }
}

export const httpTransport: QueueTransport = {
  uploadPhoto,
  sendReport: (body: ReportBody) => api<unknown>('/api/incidents', { method: 'POST', body }).then(() => undefined),
};
