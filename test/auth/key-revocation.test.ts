/**
 * Keys are checked once and kept in memory (auth/key-cache.ts), and "a revoked key is refused on the next
 * request" still holds when another process revokes it: on SQLite through PRAGMA data_version, on
 * PostgreSQL through LISTEN/NOTIFY; while PostgreSQL's listening connection is down, a kept key is
 * checked again once it is STALE_MS old, and the connection comes back by itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey, revokeKey } from '../../src/auth/api-keys.js';
import { STALE_MS } from '../../src/auth/key-cache.js';
import { keysCommand } from '../../src/cli/commands/keys.js';
import { buildApp } from '../../src/http/app.js';
import { openStore, type Store } from '../../src/store/dialect.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { LISTENER_APPLICATION_NAME } from '../../src/store/pg-listener.js';
import { DATABASES } from '../helpers/databases.js';
import { createScratchDatabase } from '../helpers/scratch-database.js';
import { captureIo } from '../http/trigger-support.js';

const until = async (what: () => boolean, ms = 5000) => {
  for (const start = Date.now(); !what(); ) {
    if (Date.now() - start > ms) throw new Error('waited in vain');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe.each(DATABASES)('key revocation across processes on %s', (kind) => {
  let server: Store;
  let other: Store;
  let config: { sqlitePath?: string; databaseUrl?: string };
  let drop: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let now = Date.parse('2026-11-30T12:00:00Z');
  const keyReads: string[] = [];

  beforeEach(async () => {
    if (kind === 'sqlite') {
      config = { sqlitePath: join(mkdtempSync(join(tmpdir(), 'verdict-revoke-')), 'v.db') };
      drop = async () => {};
    } else {
      const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'verdict_test');
      config = { databaseUrl: scratch.url };
      drop = scratch.drop;
    }
    keyReads.length = 0;
    // The server's store, with its key reads counted; `other` is another process's connection (the CLI's).
    server = openStore(config, { onQuery: (sql) => void (/from "api_keys"/.test(sql) && keyReads.push(sql)) });
    await migrateToLatest(server);
    other = openStore(config);
    app = await buildApp({ store: server, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://t', logLevel: 'silent' }, clock: () => now, logger: false, schedule: () => () => {} });
  });
  afterEach(async () => {
    await app.close();
    await server.close();
    await other.close();
    await drop();
  });

  const get = (key: string) => app.inject({ method: 'GET', url: '/api/v3/test_runs', headers: { authorization: `Bearer ${key}` } });
  /** On PostgreSQL the server hears of a revocation when the notification arrives; on SQLite at its next read. */
  const heard = async (before: number) => {
    if (kind === 'postgres') await until(() => server.revocations.version() !== before);
  };

  it('a key is read once and then kept; revoked by another process, it is refused on the next request', async () => {
    const { key, id } = await createApiKey(other, 'acme', 'ci', now);
    expect((await get(key)).statusCode).toBe(200); // made by another process: works at once
    await until(() => server.revocations.live());
    // Going live empties the cache once (what was announced while nobody listened), so read it once more.
    expect((await get(key)).statusCode).toBe(200);
    const reads = keyReads.length;
    for (let i = 0; i < 5; i++) expect((await get(key)).statusCode).toBe(200);
    expect(keyReads.length).toBe(reads); // kept: no read of api_keys

    const before = server.revocations.version();
    expect(await revokeKey(other, id, now)).toBe(true);
    await heard(before);
    expect((await get(key)).statusCode).toBe(401);
  });

  it('`verdict keys revoke` from the command line is heard the same way', async () => {
    if (kind === 'postgres') process.env.DATABASE_URL = config.databaseUrl;
    try {
      const { key, id } = await createApiKey(other, 'acme', 'ci', now);
      expect((await get(key)).statusCode).toBe(200);
      await until(() => server.revocations.live());
      const before = server.revocations.version();
      const { io, err } = captureIo();
      expect(await keysCommand(['revoke', String(id), ...(kind === 'sqlite' ? ['--db', config.sqlitePath!] : [])], io)).toBe(0);
      expect(err).toEqual([`Revoked key ${id}.`]);
      await heard(before);
      expect((await get(key)).statusCode).toBe(401);
    } finally {
      delete process.env.DATABASE_URL;
    }
  });

  it.runIf(kind === 'postgres')('while the listening connection is down, a kept key is checked again after STALE_MS; then the connection comes back', async () => {
    const { key, id } = await createApiKey(other, 'acme', 'ci', now);
    expect((await get(key)).statusCode).toBe(200);
    await until(() => server.revocations.live());
    // Cut the server's listening connection, as a network fault or a database restart would.
    const { sql } = await import('kysely');
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(other.db);
    await until(() => !server.revocations.live());
    await revokeKey(other, id, now); // announced while nobody listens
    now += STALE_MS - 1;
    expect((await get(key)).statusCode).toBe(200); // the one staleness: within STALE_MS of the last check
    now += 1;
    expect((await get(key)).statusCode).toBe(401);
    await until(() => server.revocations.live(), 10_000);
  });
});
