import { parseArgs } from 'node:util';
import { createApiKey, revokeKey } from '../../auth/api-keys.js';
import { findWorkspaceByName, listApiKeys } from '../../store/workspace-repository.js';
import { openDatabase } from '../open-database.js';
import type { Io } from '../main.js';

export const KEYS_USAGE = `verdict keys create --workspace NAME --name LABEL [--db PATH]   prints a new key (stdout: the key only)
verdict keys list [--workspace NAME] [--json] [--db PATH]
verdict keys revoke ID [--db PATH]`;

export async function keysCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { db: { type: 'string' }, workspace: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } } });
  if (!['create', 'list', 'revoke'].includes(sub ?? '')) {
    io.err(KEYS_USAGE);
    return 2;
  }
  if (sub === 'create' && (!values.workspace || !values.name)) {
    io.err('keys create needs --workspace NAME and --name LABEL');
    return 2;
  }
  const id = Number(positionals[0]);
  if (sub === 'revoke' && !Number.isInteger(id)) {
    io.err('keys revoke needs the key id (see `verdict keys list`)');
    return 2;
  }
  const { store } = await openDatabase(values);
  try {
    if (sub === 'create') {
      const created = await createApiKey(store, values.workspace!, values.name!, Date.now());
      io.err(`Created key ${created.id} "${values.name}" for workspace "${values.workspace}". It is shown once; store it now.`);
      io.out(created.key);
      return 0;
    }
    if (sub === 'list') {
      const workspace = values.workspace ? await findWorkspaceByName(store.db, values.workspace) : undefined;
      if (values.workspace && !workspace) {
        io.err(`no workspace "${values.workspace}"`);
        return 1;
      }
      const keys = await listApiKeys(store.db, workspace?.id);
      if (values.json) io.out(JSON.stringify(keys, null, 2));
      else for (const k of keys) io.out(`${k.id}\t${k.workspace}\t${k.name}\t${k.key_prefix}…\t${new Date(k.created_at).toISOString()}\t${k.revoked_at ? `revoked ${new Date(k.revoked_at).toISOString()}` : 'active'}`);
      return 0;
    }
    const done = await revokeKey(store, id, Date.now());
    io.err(done ? `Revoked key ${id}.` : `No active key ${id}.`);
    return done ? 0 : 1;
  } finally {
    await store.close();
  }
}
