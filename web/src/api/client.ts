// The one way the web app talks to the API: openapi-fetch over the types generated from the API's OpenAPI
// document (schema.d.ts), so requests and responses are checked against what the server declares.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** One problem of a refusal: where and what, in words; some routes add data (their documented refusal shape). */
export type ErrorDetail = { path: string; message: string } & Record<string, unknown>;

/** An API refusal, with the message the server wrote for a person in their language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Each detail's path and message, and whatever data the route documents beside them (see ErrorOf). */
    readonly details: ErrorDetail[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** Thrown when the request never reached the server (offline, server down). */
export class NetworkError extends Error {}

let csrfToken: string | null = null;
let language = 'vi';

/** The session's CSRF token, sent back on every write (the cookie alone is not enough to change anything). */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
export const setApiLanguage = (lang: string) => {
  language = lang;
};

const headers: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', language);
    if (csrfToken && request.method !== 'GET' && request.method !== 'HEAD') request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

// JSON is what the app reads through the client; the files some routes also answer with are downloaded by link.
export const api = createClient<paths, 'application/json'>({ baseUrl: '/api', credentials: 'same-origin' });
api.use(headers);

interface ErrorBody {
  error?: { code?: string; message?: string; details?: ErrorDetail[] };
}

/**
 * Unwraps an openapi-fetch call: the data, or an ApiError with the server's message, or a NetworkError.
 * `await call(api.GET('/me/exams'))`.
 */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let outcome: Awaited<typeof request>;
  try {
    outcome = await request;
  } catch (err) {
    throw new NetworkError(err instanceof Error ? err.message : String(err));
  }
  const { data, error, response } = outcome;
  if (response.ok) return data as T;
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    const body = (error ?? {}) as ErrorBody;
    if (!body.error) throw new NetworkError(`HTTP ${response.status}`);
  }
  const body = (error ?? {}) as ErrorBody;
  const retryAfter = Number(response.headers.get('Retry-After'));
  throw new ApiError(
    response.status,
    body.error?.code ?? `HTTP_${response.status}`,
    body.error?.message ?? response.statusText,
    body.error?.details ?? [],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
/** The JSON body a route answers with on success, as the API documents it. */
export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? JsonOf<R[200 & keyof R]> | JsonOf<R[201 & keyof R]>
  : never;

/** A route's documented 409 refusal body (for the routes whose refusal details carry data). */
export type RefusalOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 409: infer R } } ? JsonOf<R> : never;
