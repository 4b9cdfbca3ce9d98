/**
 * The recorded traffic of every agent (test/fixtures/reportportal/transcripts), replayed request by request:
 * once, it gives the designed outcome (no agent needs to be installed for this); with every request sent
 * twice in a row, as a client does when a reply is lost, it gives the very same run and stores nothing
 * twice, and each request sent again is answered as the first was.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { DATABASES } from '../helpers/databases.js';
import { NOW, testApp } from '../helpers/app.js';
import { DESIGNED } from './designed.js';
import { summarizeRun, type RunSummary } from './run-summary.js';

type App = Awaited<ReturnType<typeof testApp>>;

interface Part { name: string; filename: string | null; contentType: string; size: number; sha256: string; json?: unknown; text?: string }
interface Recorded { seq: number; method: 'GET' | 'POST' | 'PUT'; url: string; status: number; response: any; body: null | { json?: unknown; multipart?: { parts: Part[] } } }
interface Transcript { agent: string; project: string; launch: string; requests: Recorded[] }

const DIR = new URL('../fixtures/reportportal/', import.meta.url);
const SCREENSHOT = readFileSync(new URL('project/screenshot.png', DIR));
const AGENT_OF: Record<string, string> = { jest: 'jest', vitest: 'vitest', playwright: 'playwright', 'playwright-steps': 'playwright-steps', 'client-javascript': 'client' };
const load = (name: string) => JSON.parse(readFileSync(new URL(`transcripts/${name}.json`, DIR), 'utf8')) as Transcript;

/** The UUIDs the record server made, as this server answered them. */
const mapIds = (value: unknown, ids: Map<string, string>): unknown =>
  typeof value === 'string' ? (ids.get(value) ?? value) : Array.isArray(value) ? value.map((v) => mapIds(v, ids)) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapIds(v, ids)])) : value;

function multipart(parts: Part[], ids: Map<string, string>) {
  const boundary = 'replay-boundary';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const bytes = p.json !== undefined ? Buffer.from(`\r\n${JSON.stringify(mapIds(p.json, ids))}`) : p.text !== undefined ? Buffer.from(p.text) : p.size === SCREENSHOT.length ? SCREENSHOT : Buffer.alloc(p.size, 1);
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\nContent-Type: ${p.contentType}\r\n\r\n`), bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Replays a transcript into `project`; returns the run of its launch. */
async function replay(t: App, transcript: Transcript, auth: Record<string, string>, project: string, twice: boolean): Promise<number> {
  const ids = new Map<string, string>();
  let runId = 0;
  for (const r of [...transcript.requests].sort((a, b) => a.seq - b.seq)) {
    const url = r.url.replace(`/${transcript.project}/`, `/${project}/`).split('/').map((s) => ids.get(s) ?? s).join('/');
    const body = r.body?.multipart ? multipart(r.body.multipart.parts, ids) : r.body?.json !== undefined ? { payload: JSON.stringify(mapIds(r.body.json, ids)), contentType: 'application/json; charset=UTF-8' } : undefined;
    const send = () => t.app.inject({ method: r.method, url, headers: { ...auth, ...(body ? { 'content-type': body.contentType } : {}) }, payload: body?.payload });
    const res = await send();
    expect(res.statusCode, `#${r.seq} ${r.method} ${url}: ${res.body}`).toBe(r.status);
    if (twice) {
      const again = await send();
      expect({ status: again.statusCode, body: again.json() }, `#${r.seq} sent again`).toEqual({ status: res.statusCode, body: res.json() });
    }
    const answer = res.json();
    if (typeof r.response?.id === 'string' && typeof answer.id === 'string') ids.set(r.response.id, answer.id);
    if (r.method === 'PUT' && url.endsWith('/finish')) runId = answer.number;
  }
  return runId;
}

async function stored(t: App, runId: number) {
  const count = async (table: 'case_results' | 'step_results' | 'attachments' | 'rp_items') => Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('test_run_id', '=', runId).executeTakeFirstOrThrow()).n);
  return { cases: await count('case_results'), steps: await count('step_results'), attachments: await count('attachments'), items: await count('rp_items') };
}

describe.each(DATABASES)('ReportPortal transcripts replayed on %s', (kind) => {
  let t: App;
  let twiceAuth: Record<string, string>;
  beforeAll(async () => {
    t = await testApp(kind);
    twiceAuth = { authorization: `Bearer ${(await createApiKey(t.store, 'twice', 'ci', NOW)).key}` };
  });
  afterAll(() => t.close());
  const get = async (path: string) => (await t.get(path)).json();
  const getTwice = async (path: string) => (await t.app.inject({ url: path, headers: twiceAuth })).json();

  it.each(Object.keys(AGENT_OF))('%s: once gives the designed outcome; every request sent twice gives the same run, stored once', async (name) => {
    const transcript = load(name);
    const once = await replay(t, transcript, t.auth, 'acme', false);
    const twice = await replay(t, transcript, twiceAuth, 'twice', true);
    const summary: RunSummary = await summarizeRun(get, once);
    const designed = DESIGNED[AGENT_OF[name]!]!;
    expect(summary).toMatchObject({ plan: transcript.launch, result: designed.result, counts: designed.counts, suites: designed.suites });
    for (const [caseName, c] of Object.entries(designed.cases)) expect(summary.cases[caseName], caseName).toMatchObject(c);
    expect(await summarizeRun(getTwice, twice)).toEqual(summary);
    expect(await stored(t, twice)).toEqual(await stored(t, once));
  });
});
