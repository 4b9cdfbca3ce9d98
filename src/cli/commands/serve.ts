import { parseArgs } from 'node:util';
import { buildApp } from '../../http/app.js';
import { openDatabase } from '../open-database.js';
import { findAnyRun } from '../../store/run-repository.js';
import type { Io } from '../main.js';
import { loadDemoWithKey } from './demo.js';

export const SERVE_USAGE = 'verdict serve [--port N] [--host H] [--db PATH] [--demo]   --demo loads the demo data set into an empty database';

export async function serveCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } } });
  const { store, config } = await openDatabase(values, {
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.host ? { host: values.host } : {}),
  });
  if (values.demo) {
    const any = await findAnyRun(store.db);
    if (!any) {
      const key = await loadDemoWithKey(store, 'demo', io);
      io.err(`Demo API key: ${key}`);
      io.err(`Try: curl -H "Authorization: Bearer ${key}" ${config.publicUrl}/api/v3/test_runs/517`);
    } else io.err('The database already holds runs, so the demo is not loaded again. A key: verdict keys create --workspace demo --name me');
  }
  const app = await buildApp({ store, config, clock: Date.now });
  // SIGTERM: stop accepting, let in-flight requests finish, close the database cleanly.
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  io.err(`Verdict is serving on ${config.publicUrl} (${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.sqlitePath}`}).`);
  return new Promise<number>(() => {});
}
