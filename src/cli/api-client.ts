/**
 * The small JSON client of the commands that talk to a Verdict server's API (`verdict quarantine`): the
 * server and key from --server/--key or VERDICT_SERVER/VERDICT_API_KEY, as `verdict upload` takes them, and
 * each answer as a value, the server's error message included, so a command only decides what to print.
 */

export interface ApiTarget {
  server: string;
  key: string;
}

/** The server (without a trailing slash) and key, or what is missing, naming both the flag and the variable. */
export function apiTarget(values: { server?: string; key?: string }, env: NodeJS.ProcessEnv): ApiTarget | { problem: string } {
  const server = (values.server ?? env.VERDICT_SERVER)?.replace(/\/+$/, '');
  const key = values.key ?? env.VERDICT_API_KEY;
  if (!server) return { problem: 'needs --server URL (or VERDICT_SERVER)' };
  if (!key) return { problem: 'needs --key KEY (or VERDICT_API_KEY)' };
  try {
    new URL(server);
  } catch {
    return { problem: `--server is not a URL: ${server}` };
  }
  return { server, key };
}

/** `ok`: the parsed body (null for an empty one); otherwise the message to show: the server's own, or why it could not be reached. */
export type ApiAnswer = { ok: true; status: number; body: unknown } | { ok: false; status: number | null; message: string };

/** One request under /api/v3; never throws for a refused request or an unreachable server. */
export async function apiRequest(target: ApiTarget, method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ApiAnswer> {
  let response: Response;
  try {
    response = await fetch(`${target.server}/api/v3${path}`, {
      method,
      headers: { authorization: `Bearer ${target.key}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    return { ok: false, status: null, message: `cannot reach ${target.server}: ${cause ?? (e as Error).message}` };
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = undefined;
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed };
  const error = (parsed as { error?: unknown } | undefined)?.error;
  return { ok: false, status: response.status, message: `the server answered ${response.status}: ${typeof error === 'string' ? error : text.slice(0, 500) || 'no message'}` };
}
