/**
 * The UI's only door to the server: Verdict's public JSON API. The browser's session cookie (HttpOnly,
 * set at sign-in) authenticates every request; the UI never holds a key after signing in. Every request
 * carries `X-Verdict-Request`, which the server requires of writes made with the cookie (a page of another
 * site cannot send it).
 */
import type { ErrorBody, Page } from './api-types';

export type * from './api-types';
export type * from './api-analytics-types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.error);
  }
}

type Params = Record<string, string | number | boolean | undefined | null>;

/** `/api/v3` + path + the non-empty params. */
export function apiUrl(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return `/api/v3${path}${qs ? `?${qs}` : ''}`;
}

let onUnauthorized: () => void = () => {};
/** Called when the server rejects the session (signed out in another tab, expired, key revoked): the app signs out. */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

/**
 * Bidirectional override and isolate controls (U+202A-202E, U+2066-2069) in data make text display in an
 * order other than it is stored (`case1 \u202Egnp.exe` reads as `case1 exe.png`). The UI shows them as
 * visible marks instead, wherever the text appears.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
export const showControls = (text: string) => text.replace(BIDI_CONTROLS, (c) => `⟦U+${c.charCodeAt(0).toString(16).toUpperCase()}⟧`);

function parseShown<T>(text: string): T {
  return (HAS_BIDI_CONTROL.test(text) ? JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' ? showControls(v) : v)) : JSON.parse(text)) as T;
}

interface RequestOptions {
  signal?: AbortSignal;
  /** An API key, for the one request that starts a session; a 401 then is the key's, not the session's. */
  key?: string;
  /** A 401 is an answer, not news that the session ended (asking whether there is one). */
  quiet?: boolean;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
}

async function request<T>(path: string, params: Params, init: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-verdict-request': '1' };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(apiUrl(path, params), {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
    signal: init.signal,
  });
  if (!res.ok) {
    let body: ErrorBody;
    try {
      body = (await res.json()) as ErrorBody;
    } catch {
      body = { error: `${res.status} ${res.statusText}`, code: 'HTTP_ERROR' };
    }
    if (res.status === 401 && !init.key && !init.quiet) onUnauthorized();
    throw new ApiError(res.status, body);
  }
  if (res.status === 204) return undefined as T;
  return parseShown<T>(await res.text());
}

export function apiGet<T>(path: string, params: Params = {}, init: { signal?: AbortSignal; key?: string; quiet?: boolean } = {}): Promise<T> {
  return request<T>(path, params, init);
}

/** A change: POST, PUT or DELETE with a JSON body. */
export function apiSend<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, init: { key?: string } = {}): Promise<T> {
  return request<T>(path, {}, { method, body, key: init.key });
}

/** Every page of a list route, `size` rows at a time (the API's maximum is 2000). */
export async function apiGetAll<T>(path: string, params: Params, signal?: AbortSignal, onPage?: (rows: T[]) => void): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 0; ; page++) {
    const body = await apiGet<Page<T>>(path, { ...params, page, size: 2000 }, { signal });
    rows.push(...body.content);
    onPage?.(rows);
    if (body.last || body.content.length === 0) return rows;
  }
}

/**
 * A value for the query language, with its reserved characters spelled as the `ts_*` escape tokens
 * (reference.md §5.1), so a search for "a, b: c" stays one value.
 */
export function queryValue(text: string): string {
  const tokens: Record<string, string> = {
    '~': 'ts_like', '!': 'ts_negation', "'": 'ts_single_quote', ':': 'ts_colon', ';': 'ts_semicolon', '>': 'ts_greater_than',
    '<': 'ts_lesser_than', '@': 'ts_at_sign', $: 'ts_dollar_sign', '*': 'ts_asterisk', ',': 'ts_comma',
  };
  return text.replace(/[~!':;><@$*,]/g, (c) => tokens[c]!);
}
