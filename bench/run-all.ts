/**
 * `npm run bench`: runs every bench/*.bench.ts in turn, each in its own process, and prints their tables.
 * PostgreSQL: uses BENCH_DATABASE_URL, or starts a throw-away cluster (.ci/start-postgres.sh) when
 * PostgreSQL is installed and we are root; otherwise the PostgreSQL rows are skipped with a note.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const env = { ...process.env };
let startedDir: string | undefined;
if (!env.BENCH_DATABASE_URL && process.getuid?.() === 0 && readdirSync('/usr/lib/postgresql', { withFileTypes: true }).length) {
  try {
    env.BENCH_DATABASE_URL = execFileSync('bash', [`${here}../.ci/start-postgres.sh`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    startedDir = readFileSync('/tmp/verdict-pg-last-dir', 'utf8').trim();
    console.log(`Started a throw-away PostgreSQL at ${env.BENCH_DATABASE_URL}`);
  } catch (e) {
    console.log(`(could not start PostgreSQL: ${(e as Error).message}; PostgreSQL rows are skipped)`);
  }
}

const benches = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (!only.length || only.some((o) => f.includes(o)))).sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n# ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${here}${file}`], { stdio: 'inherit', env });
  if (r.status !== 0) failed++;
}
if (startedDir && existsSync(startedDir)) {
  const bin = readdirSync('/usr/lib/postgresql').sort().at(-1);
  spawnSync('su', ['postgres', '-c', `/usr/lib/postgresql/${bin}/bin/pg_ctl -D ${startedDir}/data -m fast stop`], { stdio: 'ignore' });
}
process.exitCode = failed ? 1 : 0;
