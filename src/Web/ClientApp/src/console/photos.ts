import { ApiError, httpSettings, type Problem } from '../api/http';
import { newIncidentId } from '../api/ids';
import { photoReferencePrefix } from './details';

/**
 * Uploads one photo as the request body (PUT /api/photos/{id}: the id is made here, so a retry
 * stores it once) and answers the reference a step attaches. The server checks the type by the
 * bytes and strips location metadata.
 */
export async function uploadPhoto(file: Blob): Promise<string> {
  const id = newIncidentId();
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': httpSettings.language };
  if (file.type) {
    headers['Content-Type'] = file.type;
  }
  if (httpSettings.antiforgeryToken) {
    headers['X-XSRF-TOKEN'] = httpSettings.antiforgeryToken;
  }
  let response: Response;
  try {
    response = await fetch(`/api/photos/${id}`, { method: 'PUT', headers, body: file, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError({ status: 0, title: error instanceof Error ? error.message : String(error) });
  }
  if (response.status === 401) {
    httpSettings.onUnauthorized();
  }
  if (!response.ok) {
    let problem: Problem = { status: response.status, title: response.statusText };
    try {
      problem = { ...((await response.json()) as Problem), status: response.status };
    } catch {
      // Not JSON: the status says enough.
    }
    throw new ApiError(problem);
  }
  const stored = (await response.json()) as { reference?: string };
  return stored.reference ?? `${photoReferencePrefix}${id}`;
}
