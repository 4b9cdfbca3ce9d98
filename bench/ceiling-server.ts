/**
 * The read ceilings: a bare Fastify server, no auth, no validation, no presenters, what this machine can
 * serve at most.
 *   GET /runs/:id   one test_runs row by primary key, sent as JSON (R1's ceiling);
 *   GET /replay     the statements Verdict ran for one request, replayed as recorded (the same SQL and
 *                   parameters), then a body of the same size serialized: the recorded response (R8's).
 *
 *   node --import tsx bench/ceiling-server.ts (--sqlite PATH | --pg URL) --port N [--replay FILE.json]
 *
 * FILE.json: { statements: [{ sql, parameters }], body } as read.bench.ts records them.
 */
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({ options: { sqlite: { type: 'string' }, pg: { type: 'string' }, port: { type: 'string' }, replay: { type: 'string' } } });
const replay = values.replay ? (JSON.parse(readFileSync(values.replay, 'utf8')) as { statements: { sql: string; parameters: unknown[] }[]; body: unknown }) : undefined;

type Query = (sql: string, parameters: readonly unknown[]) => Promise<unknown[]>;
let query: Query;
if (values.sqlite) {
  const db = new SQLite(values.sqlite, { readonly: true });
  const prepared = new Map<string, SQLite.Statement>();
  query = async (sql, parameters) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
    return statement.all(...(parameters as unknown[]));
  };
} else {
  pg.types.setTypeParser(20, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: values.pg, max: 10 });
  query = async (sql, parameters) => (await pool.query(sql, parameters as unknown[])).rows;
}

const app = Fastify({ logger: false });
app.get('/runs/:id', async (req) => (await query(values.sqlite ? 'select * from test_runs where id = ?' : 'select * from test_runs where id = $1', [Number((req.params as { id: string }).id)]))[0]);
if (replay) {
  app.get('/replay', async (_req, reply) => {
    // One after the other on SQLite (synchronous anyway); all at once on PostgreSQL's pool, the fastest it can go.
    if (values.sqlite) for (const s of replay.statements) await query(s.sql, s.parameters);
    else await Promise.all(replay.statements.map((s) => query(s.sql, s.parameters)));
    return reply.type('application/json').send(JSON.stringify(replay.body));
  });
}
await app.listen({ host: '127.0.0.1', port: Number(values.port) });
process.stderr.write('ceiling listening\n');
