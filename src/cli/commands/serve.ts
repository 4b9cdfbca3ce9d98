import { parseArgs } from 'node:util';
import { configuredSecretBox } from '../../auth/secret-box.js';
import { buildApp } from '../../http/app.js';
import { loggerOptions } from '../../http/logging.js';
import { openDatabase } from '../open-database.js';
import { findAnyRun } from '../../store/run-repository.js';
import type { Io } from '../main.js';
import { startBanner } from '../start-banner.js';
import { loadDemoWithKey } from './demo.js';

export const SERVE_USAGE = 'verdict serve [--port N] [--host H] [--db PATH] [--demo]   --demo loads the demo data set into an empty database';

export async function serveCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } } });
  const { store, config } = await openDatabase(values, {
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.host ? { host: values.host } : {}),
  });
  let key: string | undefined;
  let demoAlreadyLoaded = false;
  if (values.demo) {
    const any = await findAnyRun(store.db);
    if (!any) key = await loadDemoWithKey(store, 'demo', io);
    else demoAlreadyLoaded = true;
  }
  const app = await buildApp({ store, config, clock: Date.now, logger: loggerOptions(config.logLevel, process.stdout.isTTY === true), secrets: configuredSecretBox(config) });
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
  // Last, so the way in stays on screen (at the default level, routine requests are not logged).
  io.err(startBanner({ config, key, workspace: values.demo ? 'demo' : undefined, demoAlreadyLoaded }));
  return new Promise<number>(() => {});
}
