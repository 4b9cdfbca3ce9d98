/**
 * Shared bench plumbing: fresh databases (a SQLite file in a temp folder; a new PostgreSQL database on
 * BENCH_DATABASE_URL when set), a server on loopback, timing and table printing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../src/auth/api-keys.js';
import { buildApp } from '../src/http/app.js';
import { openStore, type Store } from '../src/store/dialect.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createScratchDatabase } from '../test/helpers/scratch-database.js';

export interface BenchDatabase {
  name: 'sqlite' | 'postgres';
  open(): Promise<{ store: Store; url?: string; sqlitePath?: string; drop(): Promise<void> }>;
}

export function benchDatabases(): BenchDatabase[] {
  const dbs: BenchDatabase[] = [
    {
      name: 'sqlite',
      async open() {
        const dir = mkdtempSync(join(tmpdir(), 'verdict-bench-'));
        const sqlitePath = join(dir, 'bench.db');
        const store = openStore({ sqlitePath });
        await migrateToLatest(store);
        return { store, sqlitePath, drop: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
      },
    },
  ];
  const admin = process.env.BENCH_DATABASE_URL;
  if (admin) {
    dbs.push({
      name: 'postgres',
      async open() {
        const scratch = await createScratchDatabase(admin, 'verdict_bench');
        const store = openStore({ databaseUrl: scratch.url });
        await migrateToLatest(store);
        return {
          store,
          url: scratch.url,
          async drop() {
            await store.close();
            await scratch.drop();
          },
        };
      },
    });
  } else console.log('(PostgreSQL skipped: set BENCH_DATABASE_URL, or run through `npm run bench`, which starts one when PostgreSQL is installed)');
  return dbs;
}

/** A listening server on 127.0.0.1 with a key; logs off. */
export async function benchServer(store: Store) {
  const app = await buildApp({ store, config: { bodyLimitBytes: 1024 * 1024 * 1024, publicUrl: 'http://127.0.0.1', logLevel: 'silent' }, clock: Date.now, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { key, workspaceId } = await createApiKey(store, 'bench', 'bench', Date.now());
  return { app, base: `http://127.0.0.1:${port}`, key, workspaceId, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function timeRequests(n: number, fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), mean: times.reduce((s, t) => s + t, 0) / times.length };
}

export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

export function printTable(title: string, rows: Record<string, string | number>[]) {
  console.log(`\n## ${title}`);
  console.table(rows);
}
