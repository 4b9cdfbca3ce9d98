/**
 * The rules of triggering: a trigger creates a run that waits for its CI, and a plan's hook (a URL, a JSON
 * body template, secret headers) tells the CI to fill it. Pure: the templates' placeholders, their
 * rendering, and what an outcome means for the run.
 *
 * Placeholders sit inside the URL or inside JSON strings of the body: `{{runId}}`, `{{planId}}`,
 * `{{planName}}`, `{{buildNo}}`, `{{environmentId}}`, `{{serverUrl}}`, `{{runUrl}}`, `{{runtimeData.NAME}}`
 * (a value of the trigger's `runtimeData`) and `{{secrets.NAME}}` (one of the hook's sealed secrets, e.g.
 * a GitLab trigger token). A value missing at trigger time renders as an empty string.
 *
 * @example
 *   renderBody({ ref: 'main', inputs: { verdict_run_id: '{{runId}}' } }, lookup)
 *   // { ref: 'main', inputs: { verdict_run_id: '517' } }
 */
export const HOOK_METHODS = ['POST', 'PUT', 'PATCH'] as const;
export type HookMethod = (typeof HOOK_METHODS)[number];

/** How long a hook may take to answer before it counts as failed. */
export const HOOK_CALL_TIMEOUT_MS = 10_000;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;
const PLAIN = ['runId', 'planId', 'planName', 'buildNo', 'environmentId', 'serverUrl', 'runUrl'] as const;

/** What placeholders stand for when a run is triggered. */
export interface TriggerValues {
  plain: Record<(typeof PLAIN)[number], string>;
  runtimeData: Record<string, string>;
  secrets: Record<string, string>;
}

/** The first placeholder a template may not use, with why; undefined when all are known. */
export function unknownPlaceholder(template: string, secretNames: readonly string[]): string | undefined {
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if ((PLAIN as readonly string[]).includes(name!) || /^runtimeData\.[^.]+$/.test(name!)) continue;
    const secret = /^secrets\.(.+)$/.exec(name!)?.[1];
    if (secret !== undefined && secretNames.includes(secret)) continue;
    return secret !== undefined ? `{{${name}}} names no secret of the hook (secrets: ${secretNames.join(', ') || 'none'})` : `{{${name}}} is not a placeholder (use ${PLAIN.map((p) => `{{${p}}}`).join(', ')}, {{runtimeData.NAME}}, {{secrets.NAME}})`;
  }
  return undefined;
}

function valueOf(name: string, values: TriggerValues): string {
  const [scope, ...rest] = name.split('.');
  const key = rest.join('.');
  if (scope === 'runtimeData') return values.runtimeData[key] ?? '';
  if (scope === 'secrets') return values.secrets[key] ?? '';
  return (values.plain as Record<string, string>)[name] ?? '';
}

export function renderText(template: string, values: TriggerValues, encode: (value: string) => string = (v) => v): string {
  return template.replace(PLACEHOLDER, (_, name: string) => encode(valueOf(name, values)));
}

/** The URL with each value percent-encoded. */
export const renderUrl = (template: string, values: TriggerValues) => renderText(template, values, encodeURIComponent);

/** The body template with placeholders replaced inside every string (keys too); JSON escaping comes from stringify. */
export function renderBody(template: unknown, values: TriggerValues): unknown {
  if (typeof template === 'string') return renderText(template, values);
  if (Array.isArray(template)) return template.map((v) => renderBody(v, values));
  if (template && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [renderText(k, values), renderBody(v, values)]));
  return template;
}

/** A hook as the API and the CLI take it. Header and secret values are secrets: sealed, never shown again. */
export interface HookSettings {
  url: string;
  method: HookMethod;
  headers: Record<string, string>;
  secrets: Record<string, string>;
  /** JSON body template; null sends no body. */
  body: unknown;
  /** Minutes the run waits for results; null: the server's default. */
  timeoutMinutes: number | null;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const SECRET_NAME = /^[A-Za-z_][\w-]{0,99}$/;
/** Headers the HTTP client sets itself. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
export const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;

/** The first problem with a hook's settings, as a field error; values of headers and secrets are never echoed. */
export function hookProblem(h: HookSettings): { field: string; message: string } | undefined {
  const secretNames = Object.keys(h.secrets);
  for (const name of Object.keys(h.headers)) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) return { field: `headers.${name}`, message: 'is not a header name the hook may set' };
    if (/[\r\n\0]/.test(h.headers[name]!) || h.headers[name]!.length > 8192) return { field: `headers.${name}`, message: 'must be one line of at most 8192 characters' };
  }
  for (const name of secretNames) {
    if (!SECRET_NAME.test(name)) return { field: `secrets.${name}`, message: 'is not a secret name (letters, digits, _ and -)' };
    if (h.secrets[name]!.length > 8192) return { field: `secrets.${name}`, message: 'must be at most 8192 characters' };
  }
  if (!(HOOK_METHODS as readonly string[]).includes(h.method)) return { field: 'method', message: `must be one of ${HOOK_METHODS.join(', ')}` };
  const badUrl = unknownPlaceholder(h.url, secretNames);
  if (badUrl) return { field: 'url', message: badUrl };
  let url: URL | undefined;
  try {
    url = new URL(renderText(h.url, { plain: { runId: '1', planId: '1', planName: 'p', buildNo: 'b', environmentId: '1', serverUrl: 'http://s', runUrl: 'http://s/runs/1' }, runtimeData: {}, secrets: {} }));
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) return { field: 'url', message: 'must be an http or https URL' };
  if (h.body !== null) {
    const text = JSON.stringify(h.body);
    if (text === undefined || text.length > 65_536) return { field: 'body', message: 'must be a JSON value of at most 64 KiB' };
    const badBody = unknownPlaceholder(text, secretNames);
    if (badBody) return { field: 'body', message: badBody };
  }
  if (h.timeoutMinutes !== null && (!Number.isInteger(h.timeoutMinutes) || h.timeoutMinutes < 1 || h.timeoutMinutes > MAX_TIMEOUT_MINUTES)) {
    return { field: 'timeoutMinutes', message: `must be a whole number of minutes from 1 to ${MAX_TIMEOUT_MINUTES}` };
  }
  return undefined;
}

/** What happened when the hook was called: an HTTP status, or an error (network, timeout, secrets). */
export interface HookOutcome {
  calledAt: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

export const hookSucceeded = (o: HookOutcome) => o.error === null && o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300;

/** The aborted run's message when its hook failed. */
export function hookFailureMessage(o: HookOutcome): string {
  return `the trigger hook failed: ${o.error ?? `it answered HTTP ${o.statusCode}`}`;
}

/** The aborted run's message when no results came. */
export const triggerTimeoutMessage = (minutes: number) => `no results arrived within ${minutes} minute${minutes === 1 ? '' : 's'} of the trigger`;
