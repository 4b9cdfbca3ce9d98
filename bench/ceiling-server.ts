/**
 * The read ceiling: a bare Fastify route that reads one row by primary key from better-sqlite3 and sends
 * it as JSON. No auth, no validation, no presenter: what this machine can serve at most.
 *
 *   node --import tsx bench/ceiling-server.ts DB_PATH PORT
 */
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';

const [path, port] = process.argv.slice(2);
const db = new SQLite(path!, { readonly: true });
const byId = db.prepare('select * from test_runs where id = ?');
const app = Fastify({ logger: false });
app.get('/runs/:id', async (req) => byId.get(Number((req.params as { id: string }).id)));
await app.listen({ host: '127.0.0.1', port: Number(port) });
process.stderr.write('ceiling listening\n');
