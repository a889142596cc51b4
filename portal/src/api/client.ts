/**
 * The portal's one way to call the API: same origin, the admin-session cookie, and
 * the `X-Signet-Portal` header the server requires on cookie-authenticated writes
 * (the CSRF guard, docs/security.md). Every failure becomes an ApiError whose
 * message a person can read: the contract's `message` / `description`, the field
 * issues, or a sentence about the network.
 */
export const portalHeader = { 'X-Signet-Portal': '1' } as const;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ApiErrorBody {
  ok?: false;
  error?: string | { code?: number; name?: string; description?: string; issues?: Issue[] };
  message?: string;
  issues?: Issue[];
}
interface Issue {
  path: string;
  message: string;
}

function issuesText(issues: Issue[] | undefined): string {
  if (!issues?.length) return '';
  return ' ' + issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ') + '.';
}

/** A readable sentence for a failed response, whatever its body. */
export function describeFailure(status: number, text: string): ApiError {
  let body: ApiErrorBody | undefined;
  try {
    body = JSON.parse(text) as ApiErrorBody;
  } catch {
    body = undefined;
  }
  if (body && typeof body.error === 'object' && body.error) {
    const { name = 'error', description = 'The request failed.', issues } = body.error;
    return new ApiError(status, name, `${description}${issuesText(issues)}`);
  }
  if (body && typeof body.error === 'string') {
    return new ApiError(status, body.error, `${body.message ?? 'The request failed.'}${issuesText(body.issues)}`);
  }
  return new ApiError(status, 'http_error', `The server answered ${status} without an explanation.`);
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as it is, of this media type (a CSV import), instead of JSON. */
  text?: { body: string; contentType: string };
  headers?: Record<string, string>;
  query?: Record<string, string | undefined>;
  /** Send no cookie (calls authenticated by a pasted client secret). */
  anonymous?: boolean;
}

export interface RawResponse {
  status: number;
  text: string;
}

export async function send(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
  // An anonymous call is sent exactly as the "try it" panel shows it: no cookie, no portal header.
  const headers: Record<string, string> = options.anonymous ? { ...options.headers } : { Accept: 'application/json', ...portalHeader, ...options.headers };
  let body: string | undefined;
  if (options.text) {
    headers['Content-Type'] = options.text.contentType;
    body = options.text.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, credentials: options.anonymous ? 'omit' : 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  return { status: response.status, text: await response.text() };
}

/** Calls the API and returns the parsed success body, or throws a readable ApiError. */
export async function call<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const { status, text } = await send(method, path, options);
  if (status === 401 && path.startsWith('/api/developer/')) window.dispatchEvent(new Event('signet:unauthorized'));
  if (status < 200 || status >= 300) throw describeFailure(status, text);
  try {
    return (text ? JSON.parse(text) : {}) as T;
  } catch {
    throw new ApiError(status, 'bad_body', 'The server answered with something that is not JSON.');
  }
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : 'Something went wrong.');
