import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { apiKey, refused } from './auth';

const auth: Middleware = {
  onRequest({ request }) {
    const key = apiKey();
    if (key) request.headers.set('X-API-Key', key);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) refused();
    return response;
  },
};

/** The API client, typed from the served /openapi.json (web/openapi.json, checked against it by the tests). */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** A readable message from an error body: `detail` as text, or the first validation message. */
export function detailOf(error: unknown, fallback = 'Request failed'): string {
  const d = error && typeof error === 'object' && 'detail' in error ? (error as { detail: unknown }).detail : null;
  if (typeof d === 'string') return d;
  if (Array.isArray(d) && d[0] && typeof d[0].msg === 'string') return d[0].msg;
  return fallback;
}

/** A 422's messages by field (the last `loc` segment), to show each at its field. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const d = error && typeof error === 'object' && 'detail' in error ? (error as { detail: unknown }).detail : null;
  if (!Array.isArray(d)) return out;
  for (const e of d) {
    const loc = Array.isArray(e?.loc) ? e.loc : [];
    const field = String(loc[loc.length - 1] ?? '');
    if (field && !(field in out)) out[field] = String(e.msg ?? 'invalid');
  }
  return out;
}
