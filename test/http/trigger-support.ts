/**
 * A listening app for the trigger tests: a clock the test moves, the background jobs' pass in the test's
 * hands (no timers, no sleeping), the run events it announced, and a JUnit report a CI would upload.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { Io } from '../../src/cli/main.js';
import { buildApp } from '../../src/http/app.js';
import { inProcessRunEvents, type RunEvent } from '../../src/ingest/index.js';
import { ensureIdentities, PLAN } from '../../src/store/identity-repository.js';
import { NOW } from '../helpers/app.js';
import { freshStore, type DatabaseKind } from '../helpers/databases.js';

/** 3 cases in one suite: 2 passed, 1 failed. */
export const JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="Cart" tests="3" failures="1" time="3.5" timestamp="2026-11-28T12:01:00">
  <testcase classname="Cart" name="add item" time="1.2"/>
  <testcase classname="Cart" name="remove item" time="0.3"/>
  <testcase classname="Cart" name="pay" time="2.0"><failure message="button disabled">expected enabled</failure></testcase>
</testsuite></testsuites>
`;

export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { io, out, err };
}

export async function triggerApp(kind: DatabaseKind, options: { hookTimeoutMs?: number } = {}) {
  const store = await freshStore(kind);
  const clock = { now: NOW };
  const events: RunEvent[] = [];
  const bus = inProcessRunEvents();
  bus.subscribe((e) => void events.push(e));
  const passes = new Map<string, () => Promise<void>>();
  const app = await buildApp({
    store,
    config: { bodyLimitBytes: 10 * 1024 * 1024, publicUrl: 'http://verdict.test', logLevel: 'silent', triggerTimeoutMinutes: 60 },
    clock: () => clock.now,
    logger: false,
    events: bus,
    schedule: (p, _every, name) => {
      passes.set(name, p);
      return () => passes.delete(name);
    },
    hookTimeoutMs: options.hookTimeoutMs ?? 2000,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const server = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const { key, workspaceId } = await createApiKey(store, 'acme', 'ci', NOW);
  const headers = { authorization: `Bearer ${key}` };
  const dir = mkdtempSync(join(tmpdir(), 'verdict-trigger-'));
  const report = join(dir, 'TEST-cart.xml');
  writeFileSync(report, JUNIT);
  return {
    store,
    app,
    key,
    workspaceId,
    server,
    clock,
    events,
    /** A JUnit file with 2 passed and 1 failed case. */
    report,
    /** One pass of the background jobs, as the server's interval would run it. */
    runJobs: async () => {
      for (const pass of passes.values()) await pass();
    },
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload?: unknown) => app.inject({ method: 'POST', url, headers, payload: payload as object }),
    put: (url: string, payload: unknown) => app.inject({ method: 'PUT', url, headers, payload: payload as object }),
    del: (url: string) => app.inject({ method: 'DELETE', url, headers }),
    /** A plan of the workspace (plans are made by their first results, or by `verdict hooks set`). */
    async plan(name: string, workspaceId_ = workspaceId): Promise<number> {
      return (await ensureIdentities(store.db, store.traits, workspaceId_, PLAN, [{ key: [name], extra: { created_at: NOW } }])).get(name)!;
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
      await app.close();
      await store.drop();
    },
  };
}

export type TriggerApp = Awaited<ReturnType<typeof triggerApp>>;
