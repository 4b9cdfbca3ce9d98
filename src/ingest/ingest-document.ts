import { invalidField } from '../core/errors.js';
import type { Store } from '../store/dialect.js';
import type { RunDocument } from './document.js';
import { normalizeRun, type NormalizeOptions } from './normalize.js';
import { writeRun } from './write-run.js';

/**
 * One-shot ingestion: validate and derive (pure), then write the whole tree in one transaction.
 * A document that contradicts itself throws INVALID_DOCUMENT naming the field, and nothing is stored.
 */
export async function ingestDocument(store: Store, workspaceId: number, doc: RunDocument, options: NormalizeOptions & { now: number }): Promise<number> {
  const normalized = normalizeRun(doc, options);
  if (!normalized.ok) throw invalidField(normalized.problem.field, normalized.problem.message);
  return writeRun({ store, workspaceId, now: options.now }, normalized.run);
}
