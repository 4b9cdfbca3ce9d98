/**
 * `npm run dev`: the UI with hot reload. Starts Verdict's API from the TypeScript sources on
 * 127.0.0.1:8787 (SQLite data/dev.db, the demo data set loaded on first start, a fresh API key printed
 * on every start), then Vite's dev server on http://127.0.0.1:5173 proxying /api to it.
 *
 * To point the UI at a Verdict you run yourself instead: VERDICT_API_URL=http://127.0.0.1:8080 npm run dev
 */
import { createServer } from 'vite';
import { createApiKey } from '../src/auth/api-keys.js';
import { openDatabase } from '../src/cli/open-database.js';
import { loadDemo } from '../src/demo/demo-data.js';
import { buildApp } from '../src/http/app.js';

const API_PORT = 8787;

async function startApi(): Promise<string> {
  const { store, config } = await openDatabase({ db: process.env.VERDICT_DB ?? 'data/dev.db' });
  const { key, workspaceId } = await createApiKey(store, 'demo', 'dev', Date.now());
  const any = await store.db.selectFrom('test_runs').select('id').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirst();
  if (!any) await loadDemo(store, workspaceId, Date.now());
  const app = await buildApp({ store, config, clock: Date.now, logger: { level: 'warn' } });
  await app.listen({ host: '127.0.0.1', port: API_PORT });
  console.log(`API: http://127.0.0.1:${API_PORT} (${config.sqlitePath}); API key for the UI: ${key}`);
  return `http://127.0.0.1:${API_PORT}`;
}

process.env.VERDICT_API_URL ??= await startApi();
const vite = await createServer({ configFile: new URL('./vite.config.ts', import.meta.url).pathname });
await vite.listen();
vite.printUrls();
