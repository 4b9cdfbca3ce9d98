/** The `verdict` command line: each command in its own module under commands/. */
import { DEMO_USAGE, demoCommand } from './commands/demo.js';
import { HOOKS_USAGE, hooksCommand } from './commands/hooks.js';
import { KEYS_USAGE, keysCommand } from './commands/keys.js';
import { SERVE_USAGE, serveCommand } from './commands/serve.js';
import { IMPORT_USAGE, importCommand } from './commands/import.js';
import { UPLOAD_USAGE, uploadCommand } from './commands/upload.js';
import { PRUNE_USAGE, pruneCommand } from './commands/prune.js';
import { QUARANTINE_USAGE, quarantineCommand } from './commands/quarantine.js';

/** Output channels: data on `out` (stdout), everything for humans on `err` (stderr). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const processIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

const USAGE = `Verdict: a self-hosted test results server.

${SERVE_USAGE}
${DEMO_USAGE}
${KEYS_USAGE}
${HOOKS_USAGE}
${UPLOAD_USAGE}
${IMPORT_USAGE}
${PRUNE_USAGE}
${QUARANTINE_USAGE}

Every command that opens the database takes --db PATH (SQLite) or reads DATABASE_URL (PostgreSQL).`;

const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  serve: serveCommand,
  demo: demoCommand,
  keys: keysCommand,
  hooks: hooksCommand,
  upload: uploadCommand,
  import: importCommand,
  prune: pruneCommand,
  quarantine: quarantineCommand,
};

export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(USAGE);
    return name === 'help' || name === '--help' ? 0 : 2;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    io.err(`verdict ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
