/**
 * One-shot ingestion: a whole run document (core/document.ts) is checked and derived (pure, core/
 * normalize-run.ts), then written in one transaction: machines, suites, then the cases in bulk. A document
 * that contradicts itself is a 400 naming the field, and nothing is stored. With a `key`, the same
 * document sent again finds the run it made.
 */
import type { Counts } from '../core/counts.js';
import type { RunDocument } from '../core/document.js';
import { invalidField } from '../core/errors.js';
import type { NormalizeOptions } from '../core/normalize-parts.js';
import { normalizeRun } from '../core/normalize-run.js';
import type { Result } from '../core/vocabulary.js';
import { ingestFor, type IngestTarget } from './ingest-for.js';

export async function writeDocument(target: IngestTarget, workspaceId: number, doc: RunDocument, options: NormalizeOptions & { now?: number } = {}): Promise<{ runId: number; created: boolean }> {
  const normalized = normalizeRun(doc, options);
  if (!normalized.ok) throw invalidField(normalized.problem.field, normalized.problem.message);
  const run = normalized.run;
  return ingestFor(target, options.now).write(workspaceId, async (tx) => {
    const w = await tx.open(
      { testPlan: run.testPlan, key: doc.key, buildNo: run.buildNo, triggeredType: run.triggeredType, executor: run.executor, startTime: run.startTime, reRunParentId: run.reRunParentId, reRunType: run.reRunType, environment: run.environment, fixed: run.fixed },
      { openItems: false },
    );
    if (!w.created) return { runId: w.runId, created: false };
    // Normalization derived every level's metrics: they are written as they are, not recounted.
    const known = (n: { result: Result; counts: Counts; metricsDuration: number | null }) => ({ result: n.result, counts: n.counts, metricsDuration: n.metricsDuration });
    for (const m of run.machines) {
      const machine = await w.machine({ title: m.title, device: m.deviceConfiguration, appDetails: m.appDetails, startTime: m.startTime, endTime: m.endTime, duration: m.duration, status: m.status, metrics: known(m), fixed: m.fixed });
      const suites = await w.suites(machine, m.suites.map((s) => ({ name: s.name, startTime: s.startTime, endTime: s.endTime, duration: s.duration, status: s.status, metrics: known(s), fixed: s.fixed })));
      await w.addCases(m.suites.flatMap((s, i) => s.cases.map((c) => ({ suite: suites[i]!, case: c }))));
    }
    w.metricsKnown = suitesAreDistinct(run.machines);
    await tx.complete(w, { startTime: run.startTime, endTime: run.endTime, duration: run.duration, metrics: known(run) });
    return { runId: w.runId, created: true };
  });
}

/** Two suites of one name in one machine are stored as one suite, whose metrics must then be recounted. */
function suitesAreDistinct(machines: readonly { suites: readonly { name: string }[] }[]): boolean {
  return machines.every((m) => new Set(m.suites.map((s) => s.name)).size === m.suites.length);
}

/** The stored run's id; see writeDocument. */
export async function ingestDocument(target: IngestTarget, workspaceId: number, doc: RunDocument, options: NormalizeOptions & { now?: number } = {}): Promise<number> {
  return (await writeDocument(target, workspaceId, doc, options)).runId;
}
