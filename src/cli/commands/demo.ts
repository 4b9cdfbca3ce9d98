import { parseArgs } from 'node:util';
import { createApiKey } from '../../auth/api-keys.js';
import { loadDemo } from '../../demo/demo-data.js';
import type { Store } from '../../store/dialect.js';
import { openDatabase } from '../open-database.js';
import type { Io } from '../main.js';

export const DEMO_USAGE = 'verdict demo [--db PATH] [--workspace demo]   loads the demo data set; stdout: an API key for it';

export async function loadDemoWithKey(store: Store, workspace: string, io: Io): Promise<string> {
  const { key, workspaceId } = await createApiKey(store, workspace, 'demo', Date.now());
  const summary = await loadDemo(store, workspaceId, Date.now());
  io.err(`Loaded ${summary.runs} demo runs into workspace "${workspace}"${summary.seedLoaded ? " (with the seed page's run 517)" : ''}.`);
  return key;
}

export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, workspace: { type: 'string', default: 'demo' } } });
  const { store } = await openDatabase(values);
  try {
    io.out(await loadDemoWithKey(store, values.workspace!, io));
    return 0;
  } finally {
    await store.close();
  }
}
