/**
 * An Allure results directory in an upload: which spooled files form it, its attachments into the blob
 * store (before the transaction, like every attachment: a slow disk holds no lock), and its cases through
 * the import sink with the stored attachments they name.
 */
import { allureImporter, isAllureAttachment, type AttachmentRef, type ReportFormat } from '../importers/index.js';
import type { BlobStore, StoredBlob } from '../store/blob-store.js';
import { receiveAttachment } from './attachments.js';
import type { CaseAttachment } from './case-writes.js';
import type { ImportSink } from './import-sink.js';
import type { SpooledReport } from './upload-spool.js';

const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/**
 * The upload's Allure directory: the files Allure reads, when `format=allure` says so or the content shows
 * it (a `*-result.json` that is an Allure result). Other files of such an upload are left alone.
 */
export async function allureFilesOf(reports: readonly SpooledReport[], format: ReportFormat | undefined): Promise<SpooledReport[] | undefined> {
  if (format && format !== 'allure') return undefined;
  const byName = new Map(reports.map((r) => [r.name, r]));
  const head = async (name: string) => new TextDecoder().decode((await byName.get(name)!.read()).subarray(0, 4096));
  if (format !== 'allure' && !(await allureImporter.detect([...byName.keys()], head))) return undefined;
  return reports.filter((r) => allureImporter.owns(r.name));
}

/**
 * Every attachment file into the blob store, by its file name (what results call its `source`). One larger
 * than the attachment limit is left out: its case is still imported, without it.
 */
export async function storeAllureAttachments(blobs: BlobStore, files: readonly SpooledReport[], limitBytes: number): Promise<Map<string, StoredBlob>> {
  const stored = new Map<string, StoredBlob>();
  const queue = files.filter((f) => isAllureAttachment(f.name) && f.bytes <= limitBytes);
  // A few at a time: each is a handful of small file operations, which the disk overlaps well.
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) stored.set(baseName(file.name), await receiveAttachment(blobs, file.open(), limitBytes));
  };
  const outcomes = await Promise.allSettled(Array.from({ length: 8 }, worker));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    await blobs.remove([...stored.values()].map((b) => b.key));
    throw failed.reason;
  }
  return stored;
}

/** Parses the directory into the sink; returns the number of cases and the blob keys its cases use. */
export async function importAllure(sink: ImportSink, files: readonly SpooledReport[], blobs: ReadonlyMap<string, StoredBlob>, name: string): Promise<{ cases: number; used: Set<string> }> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const used = new Set<string>();
  const resolve = (ref: AttachmentRef): CaseAttachment[] => {
    const blob = blobs.get(baseName(ref.source));
    if (!blob) return [];
    used.add(blob.key);
    return [{ iteration: ref.iteration, step: ref.step, name: ref.name, contentType: ref.type, blob }];
  };
  let cases = 0;
  for await (const event of allureImporter.parse({ names: [...byName.keys()], read: (n) => byName.get(n)!.read() })) {
    if (event.kind === 'run') sink.addRunFacts(event);
    else if (event.kind === 'case') {
      cases++;
      await sink.addCase(event, name, event.attachments?.flatMap(resolve));
    }
  }
  return { cases, used };
}
