/**
 * Parse only: Verdict's streaming JUnit importer vs the npm converters junit-to-ctrf and junit2json, on the
 * same generated 100,000-case file (~50 MB). Each parser runs in a fresh process (so peak RSS is its own),
 * three times; the table shows the median time and the peak RSS. Target: faster than both.
 *
 *   node --import tsx bench/parse.bench.ts [--cases 100000]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable } from './support.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, parser: { type: 'string' }, file: { type: 'string' } } });

/** Child mode: parse the file with one parser, print {ms, cases, rssMB}. */
async function parseWith(parser: string, file: string) {
  const t0 = performance.now();
  let cases = 0;
  if (parser === 'verdict') {
    const { junitImporter } = await import('../src/importers/junit-importer.js');
    for await (const e of junitImporter.parse(createReadStream(file), { fileName: file })) if (e.kind === 'case') cases++;
  } else if (parser === 'junit-to-ctrf') {
    const { convertJUnitToCTRFReport } = await import('junit-to-ctrf');
    const report = await convertJUnitToCTRFReport(file);
    cases = report?.results.tests.length ?? 0;
  } else if (parser === 'junit2json') {
    const { parse } = await import('junit2json');
    const result = (await parse(readFileSync(file, 'utf8'))) as { testsuite?: { testcase?: unknown[] }[] };
    cases = (result.testsuite ?? []).reduce((n, s) => n + (s.testcase?.length ?? 0), 0);
  }
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, cases, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

if (values.parser) {
  await parseWith(values.parser, values.file!);
} else {
  const cases = Number(values.cases);
  const dir = mkdtempSync(join(tmpdir(), 'verdict-parse-'));
  const file = join(dir, 'junit.xml');
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-junit.ts', String(cases), file], { stdio: 'inherit' });
  if (!existsSync(file)) throw new Error('generating the report failed');
  const self = fileURLToPath(import.meta.url);
  const rows: Record<string, string | number>[] = [];
  const results: Record<string, number> = {};
  for (const parser of ['verdict', 'junit-to-ctrf', 'junit2json']) {
    const runs = [0, 1, 2].map(() => {
      const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', self, '--parser', parser, '--file', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const line = r.stdout.trim().split('\n').at(-1) ?? '';
      try {
        return JSON.parse(line) as { ms: number; cases: number; rssMB: number };
      } catch {
        return { ms: NaN, cases: 0, rssMB: NaN, error: (r.stderr || r.stdout).slice(-300) };
      }
    });
    const sorted = [...runs].sort((a, b) => a.ms - b.ms);
    const median = sorted[1]!;
    results[parser] = median.ms;
    rows.push({ parser, cases: median.cases, 'median time': `${(median.ms / 1000).toFixed(2)} s`, 'cases/s': Math.round(median.cases / (median.ms / 1000)), 'peak RSS MB': Math.round(Math.max(...runs.map((r) => r.rssMB))) });
  }
  for (const row of rows) row['time vs verdict'] = `${(results[row.parser as string]! / results.verdict!).toFixed(1)}x`;
  printTable(`Parsing a ${cases}-case JUnit file (${(readFileSync(file).length / 1e6).toFixed(0)} MB), median of 3`, rows);
  rmSync(dir, { recursive: true, force: true });
}
