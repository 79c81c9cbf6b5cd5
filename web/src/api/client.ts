/** The typed API client (types generated from the server's OpenAPI document). */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

let csrfToken: string | null = null;
/** Writes made with the session cookie carry its CSRF token (returned by sign-in and /api/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

/** A problem+json answer: its detail and the field-level problems, keyed by JSON pointer. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: { path: string; code: string; message: string }[];
}

export function fieldErrors(problem: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of (problem as Problem | undefined)?.errors ?? []) out[e.path] = e.message;
  return out;
}
