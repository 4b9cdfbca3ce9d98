/**
 * Logs: each becomes a line of its case's output (a step's log too, marked with the step's path), with
 * its level; a file sent with it is an attachment of the case (and of the step), stored by the existing
 * attachment store. The first error-level log of a case or step is its message if it fails with no error
 * in its finish. Logs of
 * the launch or of a suite node have no output to join in Verdict: their files are kept as attachments
 * of the run, their text is not.
 *
 * Logs carry no UUID, so a log is known by the hash of its content (item, time, level, message, file):
 * the same log sent again (a retry after a lost reply) is stored once and answered the same id.
 */
import { TEXT_LIMITS } from '../../core/document.js';
import { isErrorLevel, logLevel, logLine } from '../../core/reportportal.js';
import type { RpLog } from '../../core/reportportal-requests.js';
import { fit } from '../../core/text.js';
import type { BlobStore, StoredBlob } from '../../store/blob-store.js';
import { appendCaseOutput, findStepsByKeys } from '../../store/result-repository.js';
import { findRpItem, insertRpItem, updateRpItem } from '../../store/rp-item-repository.js';
import { attach, withReceivedBlobs } from '../attachments.js';
import type { Ingest, IngestTransaction } from '../ingest-service.js';
import { lockLaunch, type LaunchLock } from './launches.js';
import { fingerprint, parseTimeOrNull, uuidOfHash } from './values.js';

export interface ReceivedLogFile {
  name: string;
  contentType: string;
  blob: StoredBlob;
}

export interface LogEntry {
  log: RpLog;
  file?: ReceivedLogFile | null;
}

/** Per entry, as ReportPortal answers a batch: the log's id, or why it was not stored. */
export type LogAnswer = { id: string } | { message: string; notFound: true };

/**
 * Stores a batch of logs in one unit of work (whatever launches they name, each locked in turn). Blobs
 * were received before; those of logs stored before, or of a failed batch, are removed again.
 */
export async function saveLogs(ingest: Ingest, blobs: BlobStore, workspaceId: number, entries: readonly LogEntry[]): Promise<LogAnswer[]> {
  const received = entries.flatMap((e) => (e.file ? [e.file.blob] : []));
  return withReceivedBlobs(blobs, received, async () => {
    const surplus: string[] = [];
    const answers = await ingest.write(workspaceId, async (tx) => {
      const launches = new Map<string, LaunchLock>();
      const out: LogAnswer[] = [];
      for (const entry of entries) out.push(await saveLog(tx, workspaceId, entry, launches, surplus));
      return out;
    });
    return { value: answers, surplus };
  });
}

async function saveLog(tx: IngestTransaction, workspaceId: number, { log, file }: LogEntry, launches: Map<string, LaunchLock>, surplus: string[]): Promise<LogAnswer> {
  const item = log.itemUuid ? await findRpItem(tx.db, workspaceId, log.itemUuid) : undefined;
  const refused = (message: string): LogAnswer => {
    if (file) surplus.push(file.blob.key);
    return { message, notFound: true };
  };
  if (log.itemUuid && (!item || item.kind === 'launch' || item.kind === 'log')) return refused(`Test Item '${log.itemUuid}' not found. Did you use correct Test Item ID?`);
  const launchUuid = item?.launch_uuid ?? log.launchUuid;
  if (!launchUuid) return refused('A log names neither an item (itemUuid) nor a launch (launchUuid)');
  const time = parseTimeOrNull(log.time);
  const level = logLevel(log.level);
  const message = log.message ?? '';
  const hash = fingerprint(['log', launchUuid, log.itemUuid ?? null, log.time ?? null, log.level ?? null, message, file?.name ?? null, file?.blob.sha256 ?? null]);
  const key = log.uuid ?? `log:${hash}`;
  const id = log.uuid ?? uuidOfHash(hash);

  let lock = launches.get(launchUuid);
  if (!lock) {
    // Logs change no count: their unit of work is spared the run's recount.
    lock = await lockLaunch(tx, workspaceId, launchUuid, { startTime: time, uncounted: true });
    launches.set(launchUuid, lock);
  }
  const fresh = await insertRpItem(tx.db, { workspace_id: workspaceId, uuid: key, kind: 'log', launch_uuid: launchUuid, parent_uuid: log.itemUuid ?? null, test_run_id: lock.writer.runId, created_at: tx.now, updated_at: tx.now });
  if (!fresh) {
    if (file) surplus.push(file.blob.key);
    return { id };
  }
  // Re-read: an earlier log of this batch may have set the item's first error.
  const target = log.itemUuid ? await findRpItem(tx.db, workspaceId, log.itemUuid) : undefined;
  const caseResultId = target && (target.kind === 'case' || target.kind === 'step') ? target.case_result_id : null;
  if (target && caseResultId !== null) {
    await appendCaseOutput(tx.db, caseResultId, logLine(time, level, message, target.kind === 'step' ? target.step_path : null), TEXT_LIMITS.text);
    if (isErrorLevel(level) && target.first_error === null && message.trim()) await updateRpItem(tx.db, workspaceId, target.uuid, { first_error: fit(message, TEXT_LIMITS.text), updated_at: tx.now });
  }
  if (file) {
    const step = target?.kind === 'step' && caseResultId !== null ? (await findStepsByKeys(tx.db, lock.writer.runId, [target.uuid]))[0] : undefined;
    const stored = await attach(lock.writer, { caseResultId, stepResultId: step?.id ?? null }, { name: file.name, contentType: file.contentType, blob: file.blob, clientKey: key });
    if (!stored) surplus.push(file.blob.key);
  }
  return { id };
}
