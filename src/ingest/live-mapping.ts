/**
 * The live reporting API as a mapping onto the writer: open a run (idempotent with its key), send batches
 * of machines, suites, cases and steps by client key as they execute, finish or stop it. Every batch is
 * one transaction that ends with a recount, so metrics are right at every moment.
 */
import type { LiveBatch, LiveRunOpen } from '../core/document.js';
import { invalidField } from '../core/errors.js';
import { machineTitle } from '../core/results.js';
import { parseIsoTime } from '../core/time.js';
import { checkTimes, patchCases, patchSteps, STATUS_OF_STATE } from './case-patches.js';
import { ingestFor, type IngestTarget } from './ingest-for.js';
import type { RunWriter, SuiteRef } from './run-writer.js';

const LIVE = { openItems: true } as const;

/** An ISO time as epoch ms; undefined stays undefined (the field was not sent). */
function time(value: string | null | undefined, field: string): number | null | undefined {
  if (value === undefined || value === null) return value;
  const ms = parseIsoTime(value);
  if (ms === undefined) throw invalidField(field, `is not an ISO-8601 time: "${value}"`, value);
  return ms;
}

export async function openLiveRun(target: IngestTarget, workspaceId: number, open: LiveRunOpen, now?: number): Promise<{ runId: number; created: boolean }> {
  return ingestFor(target, now).write(workspaceId, async (tx) => {
    const w = await tx.open({ ...open, startTime: time(open.startTime, 'startTime') }, LIVE);
    return { runId: w.runId, created: w.created };
  });
}

export async function applyLiveBatch(target: IngestTarget, workspaceId: number, runId: number, batch: LiveBatch, now?: number): Promise<void> {
  await ingestFor(target, now).write(workspaceId, async (tx) => {
    const w = await tx.run(runId, { ...LIVE, allowFinished: false });
    await writeLiveBatch(w, batch);
  });
}

export async function finishLiveRun(target: IngestTarget, workspaceId: number, runId: number, options: { stop: boolean; endTime?: string | null }, now?: number): Promise<void> {
  await ingestFor(target, now).write(workspaceId, async (tx) => {
    const w = await tx.run(runId, { ...LIVE, allowFinished: true });
    await tx.finishLive(w, { stop: options.stop, endTime: time(options.endTime, 'endTime') });
  });
}

async function writeLiveBatch(w: RunWriter, batch: LiveBatch): Promise<void> {
  for (const [i, m] of (batch.machines ?? []).entries()) {
    checkTimes({ startTime: time(m.startTime, `machines[${i}].startTime`), endTime: time(m.endTime, `machines[${i}].endTime`) }, undefined, `machines[${i}]`);
    await w.machine({
      key: m.key,
      title: machineTitle(m.deviceConfiguration, m.key),
      device: m.deviceConfiguration ?? undefined,
      appDetails: m.appDetails,
      startTime: time(m.startTime, `machines[${i}].startTime`),
      endTime: time(m.endTime, `machines[${i}].endTime`),
      duration: m.duration,
      status: m.state ? STATUS_OF_STATE[m.state] : undefined,
    });
  }
  for (const [i, s] of (batch.suites ?? []).entries()) {
    const at = `suites[${i}]`;
    if (!s.name.trim()) throw invalidField(`${at}.name`, 'must be a non-empty suite name', s.name);
    const machine = await w.machineByKey(s.machineKey);
    if (!machine) throw invalidField(`${at}.machineKey`, `names machine "${s.machineKey}", which this run does not have`, s.machineKey);
    const stored = await w.suiteByKey(s.key);
    if (stored && stored.machineId !== machine.id) throw invalidField(`${at}.machineKey`, `names another machine than the one suite "${s.key}" was reported on; a suite cannot move`, s.machineKey);
    checkTimes({ startTime: time(s.startTime, `${at}.startTime`), endTime: time(s.endTime, `${at}.endTime`) }, undefined, at);
    await w.suites(machine, [{ key: s.key, name: s.name.trim(), startTime: time(s.startTime, `${at}.startTime`), endTime: time(s.endTime, `${at}.endTime`), duration: s.duration, status: s.state ? STATUS_OF_STATE[s.state] : undefined }]);
  }
  const cases = [];
  for (const [i, c] of (batch.cases ?? []).entries()) {
    const at = `cases[${i}]`;
    cases.push({ ...c, at, suite: await suiteOf(w, c.suiteKey, `${at}.suiteKey`), startTime: time(c.startTime, `${at}.startTime`), endTime: time(c.endTime, `${at}.endTime`) });
  }
  await patchCases(w, cases);
  await patchSteps(w, (batch.steps ?? []).map((s, i) => ({ ...s, at: `steps[${i}]`, startTime: time(s.startTime, `steps[${i}].startTime`), endTime: time(s.endTime, `steps[${i}].endTime`) })));
}

async function suiteOf(w: RunWriter, key: string, field: string): Promise<SuiteRef> {
  const suite = await w.suiteByKey(key);
  if (!suite) throw invalidField(field, `names suite "${key}", which this run does not have`, key);
  return suite;
}
