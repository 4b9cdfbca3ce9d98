/**
 * The live heap of an import, apart from V8's lazy collection: imports a generated JUnit file of N cases
 * in-process (SQLite) and prints the RSS and heap before and at the peak, and the heap after a forced
 * collection every 500 ms (FORCE_GC=1) over the import. Flat heap figures mean nothing is kept per case.
 *
 *   FORCE_GC=1 node --expose-gc --import tsx bench/import-heap.ts [CASES]
 */
import { createReadStream, createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { junitReport } from '../scripts/generate-junit.js';
import { importReports } from '../src/ingest/index.js';
import { openStore } from '../src/store/dialect.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { ensureWorkspace } from '../src/store/workspace-repository.js';
const dir = mkdtempSync(join(tmpdir(), 'm-'));
const cases = Number(process.argv[2] ?? 100000);
const file = join(dir, 'j.xml');
const out = createWriteStream(file);
for (const p of junitReport(cases)) if (!out.write(p)) await once(out, 'drain');
out.end(); await once(out, 'finish');
const store = openStore({ sqlitePath: join(dir, 'm.db') });
await migrateToLatest(store);
const ws = await ensureWorkspace(store.db, store.traits, 'w', Date.now());
(globalThis as any).gc();
const base = process.memoryUsage();
let peak = base;
const samples: number[] = [];
const t = setInterval(() => { const m = process.memoryUsage(); if (m.rss > peak.rss) peak = m; }, 20);
const gcTimer = setInterval(() => { if (process.env.FORCE_GC) (globalThis as any).gc(); samples.push(Math.round(process.memoryUsage().heapUsed / 1048576)); }, 500);
const t0 = performance.now();
await importReports(store, ws, { plan: 'p' }, [{ name: 'j.xml', chunks: createReadStream(file) }], { now: Date.now() });
console.log('import s', ((performance.now() - t0) / 1000).toFixed(2));
clearInterval(t); clearInterval(gcTimer);
const mb = (m: NodeJS.MemoryUsage) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v / 1048576)]));
console.log('base', mb(base)); console.log('peak', mb(peak)); console.log('heap after gc over time', samples.join(' '));
