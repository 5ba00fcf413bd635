/** RFC 9457 ProblemDetails as the node writes them, with field-level messages under `errors`. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

/** A refused call, carrying the server's ProblemDetails so a form can show them beside its fields. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** The messages for one field (the server names fields in camelCase). */
  field(name: string): string[] {
    return this.problem.errors?.[name] ?? [];
  }
}

export interface HttpSettings {
  /** The anti-forgery token of the cookie session, sent on every change as X-XSRF-TOKEN. */
  antiforgeryToken: string | null;
  /** The language the server answers in (messages, labels). */
  language: string;
  /** Called on any 401: the session has ended. */
  onUnauthorized: () => void;
}

export const httpSettings: HttpSettings = {
  antiforgeryToken: null,
  language: 'zh-CN',
  onUnauthorized: () => undefined,
};

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Calls the node's API on the page's own origin with the session cookie. Answers JSON, or
 * throws ApiError with the ProblemDetails; a 401 also tells the app that the session has ended.
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': httpSettings.language };
  if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (unsafeMethods.has(method) && httpSettings.antiforgeryToken) {
    headers['X-XSRF-TOKEN'] = httpSettings.antiforgeryToken;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
    });
  } catch (error) {
    // No answer at all: the network or the node is down. Status 0 tells it from a refusal.
    throw new ApiError({ status: 0, title: error instanceof Error ? error.message : String(error) });
  }

  if (response.status === 401) {
    httpSettings.onUnauthorized();
  }
  if (!response.ok) {
    throw new ApiError(await problemOf(response));
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { ...body, status: response.status };
  } catch {
    return { status: response.status, title: response.statusText };
  }
}
