/**
 * What `verdict serve` prints last, in a box, so it stays in view: where to open Verdict and how to sign
 * in, either with the key just created for the demo or with the command that creates one.
 */
import { DEFAULT_SQLITE_PATH, type Config } from '../config.js';

export interface BannerFacts {
  config: Pick<Config, 'publicUrl' | 'databaseUrl' | 'sqlitePath'>;
  /** A key created by this start (the demo's); shown once. */
  key?: string;
  /** The workspace a new key should go to. */
  workspace?: string;
  /** The demo was asked for but the database already held runs. */
  demoAlreadyLoaded?: boolean;
}

/** The command that creates a key in this server's database, runnable from a checkout. */
export function keyCommand(config: BannerFacts['config'], workspace = 'NAME'): string {
  const db = !config.databaseUrl && config.sqlitePath !== DEFAULT_SQLITE_PATH ? ` --db ${config.sqlitePath}` : '';
  return `npx verdict keys create --workspace ${workspace} --name me${db}`;
}

/** A `Try:` line when there is a key, then the box: the last thing `verdict serve` prints. */
export function startBanner({ config, key, workspace, demoAlreadyLoaded }: BannerFacts): string {
  const url = config.publicUrl.replace(/\/+$/, '');
  const lines = [`Verdict is ready: ${url}`, `Data: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${config.sqlitePath}`}`, ''];
  if (key) lines.push('Sign in with this API key (shown once, keep it):', `  ${key}`);
  else {
    if (demoAlreadyLoaded) lines.push('The demo is already loaded, so no new key was made.');
    lines.push('To get an API key, run in this folder:', `  ${keyCommand(config, workspace)}`);
  }
  const tryIt = key ? `Try: curl -H "Authorization: Bearer ${key}" ${url}/api/v3/test_runs/517\n` : '';
  return `${tryIt}${box(lines)}`;
}

/** Lines in a rounded box; the width follows the longest line. */
export function box(lines: readonly string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '─'.repeat(width + 2);
  return [`╭${rule}╮`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `╰${rule}╯`].join('\n');
}
