/**
 * Every error tells the truth: 4xx only for what the client can fix (naming the field), 503 for ours that a
 * retry may cure, 500 for bugs; on a real socket, where a request whose body was read in full looks
 * "destroyed" to Node (which once turned every error on a request with a body into a 400).
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { VerdictError } from '../../src/core/errors.js';
import { buildApp } from '../../src/http/app.js';
import { classifyError } from '../../src/http/classify-error.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { generatedRun } from '../helpers/documents.js';
import { NOW } from '../helpers/app.js';
import { rowCounts } from '../http/import-support.js';
import { sql } from 'kysely';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('classifyError', () => {
  it.each([
    ['a VerdictError keeps its own class', new VerdictError('NOT_FOUND'), false, 404, 'NOT_FOUND'],
    ['SQLite full', coded('SQLITE_FULL', 'database or disk is full'), false, 503, 'STORAGE_FULL'],
    ['PostgreSQL disk full', coded('53100'), false, 503, 'STORAGE_FULL'],
    ['the file system full', coded('ENOSPC'), true, 503, 'STORAGE_FULL'],
    ['PostgreSQL shut down mid-write', coded('57P01', 'terminating connection due to administrator command'), false, 503, 'DATABASE_UNAVAILABLE'],
    ['PostgreSQL too many connections', coded('53300'), false, 503, 'DATABASE_UNAVAILABLE'],
    ['the pool timing out', new Error('timeout exceeded when trying to connect'), false, 503, 'DATABASE_UNAVAILABLE'],
    ['SQLite busy', coded('SQLITE_BUSY'), false, 503, 'DATABASE_UNAVAILABLE'],
    ['a bug, whatever the client did', new TypeError("Cannot read properties of undefined (reading 'x')"), true, 500, 'INTERNAL'],
    ['a bug on a live request', new RangeError('Invalid time value'), false, 500, 'INTERNAL'],
    ['a hang-up mid-body', coded('ECONNRESET', 'aborted'), true, 400, 'INVALID_REQUEST'],
    ['a reset while the client still listens is not its fault', coded('ECONNRESET'), false, 500, 'INTERNAL'],
  ])('%s', (_what, err, clientGone, status, code) => {
    const classified = classifyError(err as Error, clientGone);
    expect([classified.status, classified.code]).toEqual([status, code]);
  });

  it('a schema violation names the field', () => {
    const err = Object.assign(new Error('body/machines/0/suites must be array'), { validation: [{ keyword: 'type', schemaPath: '#/type', instancePath: '/machines/0/suites', params: {}, message: 'must be array' }], validationContext: 'body' });
    expect(classifyError(err, true)).toMatchObject({ status: 400, details: { fieldErrors: [{ field: 'machines[0].suites', message: 'must be array' }] } });
  });
});

describe.each(DATABASES)('errors on a real socket, on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let base: string;
  let headers: Record<string, string>;
  beforeEach(async () => {
    store = await freshStore(kind);
    app = await buildApp({ store, config: { bodyLimitBytes: 10 * 1024 * 1024, publicUrl: 'http://verdict.test', logLevel: 'silent' }, clock: () => NOW, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const { key } = await createApiKey(store, 'acme', 'ci', NOW);
    headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  });
  afterEach(async () => {
    await app.close();
    await store.drop();
  });

  it('a schema error in a body names the field (not "closed by the client")', async () => {
    const res = await fetch(`${base}/api/v3/test_runs`, { method: 'POST', headers, body: JSON.stringify({ testPlan: 'P', machines: [{ suites: [{ name: 'S', cases: [{ name: 'c', result: 'BOGUS' }] }] }] }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_REQUEST', fieldErrors: [{ field: 'machines[0].suites[0].cases[0].result' }] });
  });

  it('a meaning error in a body names the field', async () => {
    const res = await fetch(`${base}/api/v3/test_runs`, { method: 'POST', headers, body: JSON.stringify({ testPlan: 'P', machines: [{ suites: [{ name: 'S', cases: [{ name: 'c' }] }] }] }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_DOCUMENT', fieldErrors: [{ field: 'machines[0].suites[0].cases[0].result' }] });
  });

  it.runIf(kind === 'sqlite')('a full disk is a 503 saying so, and nothing is stored', async () => {
    const before = await rowCounts(store);
    // Cap the database file at its current size: the next write fills it (SQLITE_FULL).
    const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(store.db)).rows[0]!.page_count);
    await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(store.db);
    const res = await fetch(`${base}/api/v3/test_runs`, { method: 'POST', headers, body: JSON.stringify(generatedRun(2000, 'Full')) });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'STORAGE_FULL' });
    await sql.raw('pragma max_page_count = 1073741823').execute(store.db);
    expect(await rowCounts(store)).toEqual(before);
  });

  it.runIf(kind === 'postgres')('the database failing mid-write is a 503, and nothing is stored', async () => {
    const before = await rowCounts(store);
    // Make the write slow enough to be caught in the middle, then end its connection from outside.
    await sql`create function slow_case() returns trigger language plpgsql as $$ begin perform pg_sleep(0.5); return new; end $$`.execute(store.db);
    await sql`create trigger slow_case before insert on case_results for each statement execute function slow_case()`.execute(store.db);
    const pending = fetch(`${base}/api/v3/test_runs`, { method: 'POST', headers, body: JSON.stringify(generatedRun(20, 'Cut')) });
    for (let i = 0; i < 100; i++) {
      const killed = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where wait_event = 'PgSleep' and pid <> pg_backend_pid() and datname = current_database()`.execute(store.db);
      if (killed.rows[0]!.n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await pending;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await sql`drop trigger slow_case on case_results`.execute(store.db);
    expect(await rowCounts(store)).toEqual(before);
  });
});
