/**
 * `verdict hooks` over a SQLite file: set (creating the plan), show and remove; values of headers and
 * secrets are never printed and not in the database file in clear; a server on the same file (and so the
 * same key file) sends them to the CI when the plan is triggered.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { configuredSecretBox } from '../../src/auth/secret-box.js';
import { hooksCommand } from '../../src/cli/commands/hooks.js';
import { buildApp } from '../../src/http/app.js';
import { openStore } from '../../src/store/dialect.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { hookReceiver } from '../helpers/hook-receiver.js';
import { captureIo } from '../http/trigger-support.js';

const PAT = 'ghp_CliHookPersonalAccessToken0000004';

describe('verdict hooks', () => {
  let dir: string;
  let db: string;
  let receiver: Awaited<ReturnType<typeof hookReceiver>>;
  let key: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verdict-hooks-'));
    db = join(dir, 'verdict.db');
    receiver = await hookReceiver();
    const store = openStore({ sqlitePath: db });
    await migrateToLatest(store);
    key = (await createApiKey(store, 'acme', 'ci', Date.now())).key;
    await store.close();
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets a hook (creating the plan), shows it masked, and the database file holds no secret in clear', async () => {
    writeFileSync(join(dir, 'body.json'), JSON.stringify({ ref: 'main', inputs: { verdict_run_id: '{{runId}}' } }));
    const set = captureIo();
    const code = await hooksCommand(['set', '--db', db, '--workspace', 'acme', '--plan', 'Checkout', '--url', `${receiver.url}/dispatches`, '--header', `Authorization: Bearer ${PAT}`, '--header', 'Accept: application/vnd.github+json', '--body', `@${join(dir, 'body.json')}`, '--timeout-minutes', '45'], set.io);
    expect(code).toBe(0);
    expect(set.err.join('\n')).toMatch(/Set the trigger hook of plan "Checkout" \(id \d+\)/);
    expect(set.out).toEqual([`POST ${receiver.url}/dispatches`, 'header Authorization: ********', 'header Accept: ********', 'body {"ref":"main","inputs":{"verdict_run_id":"{{runId}}"}}', 'timeout 45 minutes']);

    const show = captureIo();
    expect(await hooksCommand(['show', '--db', db, '--workspace', 'acme', '--plan', 'Checkout', '--json'], show.io)).toBe(0);
    expect(JSON.parse(show.out.join('\n'))).toMatchObject({ method: 'POST', headers: { Authorization: '********', Accept: '********' }, timeoutMinutes: 45 });
    for (const printed of [set, show]) expect([...printed.out, ...printed.err].join('\n')).not.toContain(PAT);

    expect(statSync(`${db}.key`).mode & 0o777).toBe(0o600);
    for (const file of [db, `${db}-wal`]) {
      const bytes = (() => { try { return readFileSync(file); } catch { return Buffer.alloc(0); } })();
      expect(bytes.includes(PAT), file).toBe(false);
    }
  });

  it('a server on the same database sends the header to the CI when the plan is triggered', async () => {
    const store = openStore({ sqlitePath: db });
    const app = await buildApp({ store, config: { bodyLimitBytes: 1024 * 1024, publicUrl: 'http://verdict.test', logLevel: 'silent' }, clock: Date.now, logger: false, secrets: configuredSecretBox({ sqlitePath: db }), schedule: () => () => {} });
    try {
      const planId = (await store.db.selectFrom('test_plans').select('id').where('name', '=', 'Checkout').executeTakeFirstOrThrow()).id;
      const res = await app.inject({ method: 'POST', url: '/api/v1/execution_results', headers: { authorization: `Bearer ${key}` }, payload: { executionId: planId } });
      expect(res.json()).toMatchObject({ status: 'STATUS_CREATED', triggerHook: { succeeded: true } });
      expect(receiver.received.at(-1)!.headers.authorization).toBe(`Bearer ${PAT}`);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('removes the hook; usage errors and unknown plans or workspaces are said, never with a secret', async () => {
    const bad = captureIo();
    expect(await hooksCommand(['set', '--db', db, '--workspace', 'acme', '--plan', 'Checkout', '--url', 'https://ci.example/', '--header', `Authorization=Bearer ${PAT}`], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/--header takes NAME: VALUE/);
    const invalid = captureIo();
    expect(await hooksCommand(['set', '--db', db, '--workspace', 'acme', '--plan', 'Checkout', '--url', 'https://ci.example/', '--header', `Authorization: Bearer ${PAT}\u0000`], invalid.io)).toBe(2);
    expect(invalid.err.join('\n')).toMatch(/headers\.Authorization must be one line/);
    for (const io of [bad, invalid]) expect(io.err.join('\n')).not.toContain(PAT);

    expect(await hooksCommand(['show', '--db', db, '--workspace', 'nobody', '--plan', 'Checkout'], captureIo().io)).toBe(1);
    expect(await hooksCommand(['show', '--db', db, '--workspace', 'acme', '--plan', 'Nope'], captureIo().io)).toBe(1);
    expect(await hooksCommand(['frob'], captureIo().io)).toBe(2);
    const removed = captureIo();
    expect(await hooksCommand(['remove', '--db', db, '--workspace', 'acme', '--plan', 'Checkout'], removed.io)).toBe(0);
    expect(removed.err).toEqual(['Removed the trigger hook of plan "Checkout".']);
    expect(await hooksCommand(['show', '--db', db, '--workspace', 'acme', '--plan', 'Checkout'], captureIo().io)).toBe(1);
  });
});
