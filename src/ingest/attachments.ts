/**
 * Attachments into a run: the bytes are received into the blob store first, outside any transaction (a
 * slow client holds nothing); the metadata row is written by the run's writer in the unit of work, which
 * removes the blob again if the unit of work rolls back, or if the client's key shows it was stored before.
 */
import { uuidv7 } from '../core/ids.js';
import { fit } from '../core/text.js';
import { VerdictError } from '../core/errors.js';
import { insertAttachment } from '../store/attachment-repository.js';
import type { BlobStore, StoredBlob } from '../store/blob-store.js';
import type { RunWriter } from './run-writer.js';

export interface AttachmentTarget {
  caseResultId: number | null;
  stepResultId?: string | null;
}

export interface ReceivedAttachment {
  name: string;
  contentType: string;
  blob: StoredBlob;
  /** The client's own id for it (a log's file, an Allure source): sent again, it is stored once. */
  clientKey?: string | null;
}

/** `type/subtype` as sent, lower-cased; anything else is plain bytes. */
export function normalizeContentType(raw: string | null | undefined): string {
  const type = raw?.split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,100}$/.test(type) ? type : 'application/octet-stream';
}

export async function receiveAttachment(blobs: BlobStore, bytes: AsyncIterable<Uint8Array | string>, limitBytes: number): Promise<StoredBlob> {
  return blobs.put(bytes, limitBytes, () => new VerdictError('PAYLOAD_TOO_LARGE', `An attachment is larger than the limit of ${Math.round(limitBytes / 1024 / 1024)} MiB (VERDICT_ATTACHMENT_LIMIT_MB)`));
}

/** Writes the row; returns false when the client's key was stored before (the caller's blob is then surplus). */
export async function attach(w: RunWriter, target: AttachmentTarget, a: ReceivedAttachment): Promise<boolean> {
  return insertAttachment(w.db, {
    id: uuidv7(w.now),
    workspace_id: w.workspaceId,
    test_run_id: w.runId,
    case_result_id: target.caseResultId,
    step_result_id: target.stepResultId ?? null,
    name: fit(a.name, 1000) || 'attachment',
    content_type: normalizeContentType(a.contentType),
    size: a.blob.size,
    sha256: a.blob.sha256,
    blob_key: a.blob.key,
    client_key: fit(a.clientKey, 200) ?? null,
    created_at: w.now,
  });
}

/**
 * Runs a unit of work that attaches received blobs, then keeps only the blobs it stored: on an error, or
 * for attachments sent before (their keys come back), the surplus bytes are removed.
 */
export async function withReceivedBlobs<T>(blobs: BlobStore, received: readonly StoredBlob[], work: () => Promise<{ value: T; surplus: readonly string[] }>): Promise<T> {
  try {
    const { value, surplus } = await work();
    await blobs.remove(surplus);
    return value;
  } catch (e) {
    await blobs.remove(received.map((b) => b.key));
    throw e;
  }
}
