/**
 * A JUnit upload end to end: `verdict upload` (run in this process, as a CI would run it) sending a
 * generated surefire-style report (scripts/generate-junit.ts: 10% failed with stack traces, 4% skipped,
 * 30% with system-out) to a listening server (a child process with a fresh database), until the answer.
 *
 * Ceiling, measured in the same run: a bare saxes parse of the file (the tokenizer with no-op handlers)
 * plus a bare insert of exactly the rows Verdict stored for that upload (read back from its database
 * afterwards) into an empty copy of its schema: multi-row prepared statements in one transaction
 * (better-sqlite3), multi-row parameterized INSERTs in one transaction (pg). Target: ratio ≥ 0.50.
 *
 * Memory: the server's RSS when idle, just before the upload, and its peak during it (VmHWM, reset with
 * /proc/PID/clear_refs first), for a ~10 MB and a ~50 MB report. Target: peak − idle < 64 MB, flat in size.
 *
 *   node --import tsx bench/upload.bench.ts [--cases 50000] [--rss-sizes 10,50] [--db sqlite|postgres]
 *
 * PostgreSQL rows need BENCH_DATABASE_URL. BENCH_CPU_PROF=DIR writes the server's CPU profiles there.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { SaxesParser } from 'saxes';
import { junitReport } from '../scripts/generate-junit.js';
import { createScratchDatabase } from '../test/helpers/scratch-database.js';
import { printTable } from './support.js';

const SELF = fileURLToPath(import.meta.url);
/** Bytes of the generator's report per case (measured): sizes in MB become case counts. */
const BYTES_PER_CASE = 480;

// ---------------------------------------------------------------------------------------------------
// The server: `--serve` starts Verdict on a port, makes a key and tells the parent both.
async function serve() {
  const { buildApp } = await import('../src/http/app.js');
  const { createApiKey } = await import('../src/auth/api-keys.js');
  const { openStore } = await import('../src/store/dialect.js');
  const { migrateToLatest } = await import('../src/store/migrate.js');
  const store = openStore(process.env.BENCH_URL ? { databaseUrl: process.env.BENCH_URL } : { sqlitePath: process.env.BENCH_SQLITE! });
  await migrateToLatest(store);
  const app = await buildApp({ store, config: { bodyLimitBytes: 1024 * 1024 * 1024, publicUrl: 'http://bench', logLevel: 'silent' }, clock: Date.now, logger: false, schedule: () => () => {} });
  const { key } = await createApiKey(store, 'bench', 'bench', Date.now());
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ port: (app.server.address() as { port: number }).port, key });
  if (process.env.BENCH_MEMORY_TRACE) {
    // Where a peak is: the V8 heap, buffers outside it, or neither (native: SQLite, malloc).
    let peak = process.memoryUsage();
    setInterval(() => {
      const now = process.memoryUsage();
      if (now.rss > peak.rss) peak = now;
    }, 50).unref();
    process.on('message', () => process.stderr.write(`peak ${JSON.stringify(Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v / 1048576)])))} MB\n`));
  }
  process.on('message', async () => {
    await app.close();
    await store.close();
    process.exit(0);
  });
}

// ---------------------------------------------------------------------------------------------------
const { values } = parseArgs({ options: { cases: { type: 'string', default: '50000' }, 'rss-sizes': { type: 'string', default: '10,50' }, db: { type: 'string' }, serve: { type: 'boolean' } } });

interface Database {
  name: 'sqlite' | 'postgres';
  /** A fresh database for the server, and an empty migrated one for the bare insert. */
  fresh(tag: string): Promise<{ env: Record<string, string>; read(): Promise<TableRows>; drop(): Promise<void> }>;
  bareInsert(rows: TableRows): Promise<number>;
}
type TableRows = Map<string, Record<string, unknown>[]>;

/** Tables an upload writes to; the workspace and its key were there before. */
const notFromTheUpload = (table: string) => /^(kysely_|id_counters$|workspaces$|api_keys$)/.test(table);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-upload-bench-'));
  const databases = [sqliteDatabase(dir), ...postgresDatabases()].filter((d) => !values.db || d.name === values.db);
  const speed: Record<string, string | number>[] = [];
  const memory: Record<string, string | number>[] = [];
  try {
    const cases = Number(values.cases);
    const file = await generate(cases, join(dir, `junit-${cases}.xml`));
    const parseSeconds = await saxesParse(file);
    for (const database of databases) {
      const target = await database.fresh('speed');
      const upload = await uploadThroughServer(file, target.env);
      const stored = await target.read();
      await target.drop();
      const insertSeconds = await database.bareInsert(stored);
      const rowCount = [...stored.values()].reduce((n, rows) => n + rows.length, 0);
      const ratio = (parseSeconds + insertSeconds) / upload.seconds;
      speed.push({ database: database.name, cases, 'file MB': mbOf(file), 'verdict upload s': upload.seconds.toFixed(2), 'cases/s': Math.round(cases / upload.seconds), 'saxes parse s': parseSeconds.toFixed(2), [`bare insert s (${rowCount} rows)`]: insertSeconds.toFixed(2), ratio: ratio.toFixed(2), target: 0.5, met: ratio >= 0.5 ? 'yes' : 'no' });
    }
    for (const database of databases) {
      for (const sizeMb of values['rss-sizes']!.split(',').map(Number)) {
        const big = await generate(Math.round((sizeMb * 1024 * 1024) / BYTES_PER_CASE), join(dir, `junit-${sizeMb}mb.xml`));
        const target = await database.fresh(`rss${sizeMb}`);
        const upload = await uploadThroughServer(big, target.env);
        await target.drop();
        const growth = upload.peakMb - upload.idleMb;
        memory.push({ database: database.name, 'file MB': mbOf(big), 'idle RSS MB': upload.idleMb.toFixed(0), 'peak RSS MB': upload.peakMb.toFixed(0), 'peak − idle MB': growth.toFixed(0), target: '< 64', met: growth < 64 ? 'yes' : 'no' });
        rmSync(big, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable('JUnit upload end to end (verdict upload) vs saxes parse + bare insert of the rows it stored', speed);
  printTable("The server's memory while it imports", memory);
}

async function generate(cases: number, path: string): Promise<string> {
  const out = createWriteStream(path);
  for (const piece of junitReport(cases)) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return path;
}

const mbOf = (path: string) => Number((statSync(path).size / 1024 / 1024).toFixed(1));

/** The tokenizer alone: every tag, attribute and text seen, nothing kept. */
async function saxesParse(path: string): Promise<number> {
  const start = performance.now();
  const parser = new SaxesParser();
  let events = 0;
  parser.on('opentag', () => void events++);
  parser.on('closetag', () => void events++);
  parser.on('text', () => void events++);
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) parser.write(chunk as string);
  parser.close();
  return (performance.now() - start) / 1000;
}

async function uploadThroughServer(file: string, env: Record<string, string>) {
  const child = fork(SELF, ['--serve'], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const [{ port, key }] = (await once(child, 'message')) as [{ port: number; key: string }];
    await new Promise((r) => setTimeout(r, 1500)); // let start-up garbage be collected
    const idleMb = memoryOf(child, 'VmRSS');
    writeFileSync(`/proc/${child.pid}/clear_refs`, '5'); // the peak from here on
    const { run } = await import('../src/cli/main.js');
    const err: string[] = [];
    const start = performance.now();
    const code = await run(['upload', '--server', `http://127.0.0.1:${port}`, '--key', key, '--plan', 'bench', '--json', file], { out: () => {}, err: (l) => err.push(l) });
    const seconds = (performance.now() - start) / 1000;
    if (code !== 0) throw new Error(`verdict upload exited ${code}: ${err.join('\n')}`);
    return { seconds, idleMb, peakMb: memoryOf(child, 'VmHWM') };
  } finally {
    child.send('stop');
    await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
    child.kill();
  }
}

function memoryOf(child: ChildProcess, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
}

async function migrated(config: { sqlitePath?: string; databaseUrl?: string }) {
  const { openStore } = await import('../src/store/dialect.js');
  const { migrateToLatest } = await import('../src/store/migrate.js');
  const store = openStore(config);
  await migrateToLatest(store);
  await store.close();
}

function sqliteDatabase(dir: string): Database {
  let n = 0;
  return {
    name: 'sqlite',
    async fresh(tag) {
      const path = join(dir, `server-${tag}-${n++}.db`);
      return {
        env: { BENCH_SQLITE: path },
        async read() {
          const db = new SQLite(path, { readonly: true });
          const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[];
          const rows: TableRows = new Map();
          for (const { name } of tables) if (!notFromTheUpload(name)) rows.set(name, db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[]);
          db.close();
          return rows;
        },
        async drop() {
          for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
        },
      };
    },
    async bareInsert(rows) {
      const path = join(dir, `bare-${n++}.db`);
      await migrated({ sqlitePath: path });
      const db = new SQLite(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const start = performance.now();
      db.transaction(() => {
        for (const [table, list] of rows) {
          if (!list.length) continue;
          const columns = Object.keys(list[0]!);
          const per = Math.max(1, Math.floor(32_000 / columns.length));
          const statementFor = (k: number) => db.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${Array.from({ length: k }, () => `(${columns.map(() => '?').join(',')})`).join(',')}`);
          const full = statementFor(Math.min(per, list.length));
          for (let i = 0; i < list.length; i += per) {
            const part = list.slice(i, i + per);
            (part.length === Math.min(per, list.length) ? full : statementFor(part.length)).run(part.flatMap((r) => columns.map((c) => r[c] as never)));
          }
        }
      })();
      const seconds = (performance.now() - start) / 1000;
      db.close();
      return seconds;
    },
  };
}

function postgresDatabases(): Database[] {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) {
    console.log('(PostgreSQL skipped: set BENCH_DATABASE_URL, or run through `npm run bench`)');
    return [];
  }
  const readAll = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = (await client.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'")).rows.map((r) => r.tablename);
    const rows: TableRows = new Map();
    for (const t of tables) if (!notFromTheUpload(t)) rows.set(t, (await client.query(`select * from "${t}"`)).rows);
    await client.end();
    return rows;
  };
  return [
    {
      name: 'postgres',
      async fresh() {
        const scratch = await createScratchDatabase(admin, 'verdict_bench');
        return { env: { BENCH_URL: scratch.url }, read: () => readAll(scratch.url), drop: scratch.drop };
      },
      async bareInsert(rows) {
        const scratch = await createScratchDatabase(admin, 'verdict_bench');
        try {
          await migrated({ databaseUrl: scratch.url });
          const client = new pg.Client({ connectionString: scratch.url });
          await client.connect();
          const start = performance.now();
          await client.query('begin');
          for (const [table, list] of rows) {
            if (!list.length) continue;
            const columns = Object.keys(list[0]!);
            const per = Math.max(1, Math.floor(65_000 / columns.length));
            for (let i = 0; i < list.length; i += per) {
              const part = list.slice(i, i + per);
              const tuples = part.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',');
              await client.query(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${tuples}`, part.flatMap((r) => columns.map((c) => r[c])));
            }
          }
          await client.query('commit');
          const seconds = (performance.now() - start) / 1000;
          await client.end();
          return seconds;
        } finally {
          await scratch.drop();
        }
      },
    },
  ];
}

if (process.argv.includes('--serve')) await serve();
else await main();
