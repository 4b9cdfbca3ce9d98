/** ReportPortal's reporting calls, as raw requests into a test app (`app.inject`), for the HTTP tests. */
import type { testApp } from '../helpers/app.js';

type App = Awaited<ReturnType<typeof testApp>>;

export function rpClient(t: App, options: { project?: string; version?: 'v1' | 'v2'; auth?: Record<string, string> } = {}) {
  const base = `/api/${options.version ?? 'v1'}/${options.project ?? 'acme'}`;
  const headers = options.auth ?? t.auth;
  const send = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown, extra: Record<string, string> = {}) =>
    t.app.inject({ method, url: `${base}${path}`, headers: { ...headers, ...extra }, payload: payload as string });
  const ok = async (res: Awaited<ReturnType<typeof send>>) => {
    if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json();
  };
  let clock = Date.parse('2026-11-20T10:00:00Z');
  const tick = () => (clock += 1000);
  return {
    send,
    tick,
    async launch(body: Record<string, unknown> = {}): Promise<string> {
      return (await ok(await send('POST', '/launch', { name: 'rp plan', startTime: tick(), ...body }))).id;
    },
    async item(launchUuid: string, parent: string | null, body: Record<string, unknown>): Promise<string> {
      return (await ok(await send('POST', parent ? `/item/${parent}` : '/item/', { type: 'STEP', startTime: tick(), launchUuid, ...body }))).id;
    },
    async finish(uuid: string, launchUuid: string, body: Record<string, unknown> = {}) {
      return ok(await send('PUT', `/item/${uuid}`, { endTime: tick(), launchUuid, ...body }));
    },
    async log(launchUuid: string, itemUuid: string | null, level: string, message: string) {
      return ok(await send('POST', '/log', { launchUuid, ...(itemUuid ? { itemUuid } : {}), time: tick(), level, message }));
    },
    async finishLaunch(uuid: string, body: Record<string, unknown> = {}): Promise<{ id: string; number: number; link: string }> {
      return ok(await send('PUT', `/launch/${uuid}/finish`, { endTime: tick(), ...body }));
    },
  };
}

/** A multipart log request laid out as the Python and Java clients send it. */
export function logBatch(entries: unknown[], files: { name: string; type: string; body: Buffer | string }[], boundary = 'rp-test-boundary') {
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="json_request_part"\r\nContent-Type: application/json\r\n\r\n\r\n${JSON.stringify(entries)}\r\n`)];
  for (const f of files) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), Buffer.from(f.body), Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
