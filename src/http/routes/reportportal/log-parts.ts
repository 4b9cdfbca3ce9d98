/**
 * A multipart log request, as every ReportPortal client lays it out: a `json_request_part` holding a
 * JSON array of log entries (client-javascript puts a CRLF before it; Node's FormData sends it as a file
 * named "blob"), and `file` parts, each matched to the entry whose `file.name` is its filename. Files are
 * received into the blob store as they stream in (counted against the attachment limit: 413), before
 * any database work; the caller hands what it got to the log mapping.
 */
import type { FastifyRequest } from 'fastify';
import { RpLogSchema } from '../../../core/reportportal-requests.js';
import type { BlobStore } from '../../../store/blob-store.js';
import { receiveAttachment } from '../../../ingest/attachments.js';
import type { LogEntry, ReceivedLogFile } from '../../../ingest/reportportal/index.js';
import type { RpLog } from '../../../core/reportportal-requests.js';
import { invalid } from '../../../ingest/reportportal/values.js';
import { Ajv } from 'ajv';

// Checked as the routes check a JSON body: numbers and strings coerced where a field takes the other.
export const checkLog = new Ajv({ coerceTypes: 'array', allowUnionTypes: true }).compile<RpLog>(RpLogSchema);

export async function readLogParts(request: FastifyRequest, blobs: BlobStore, limitBytes: number): Promise<LogEntry[]> {
  const files: ReceivedLogFile[] = [];
  let json: unknown;
  try {
    for await (const part of request.parts()) {
      // A field sent as application/json arrives parsed already; a file part (FormData's "blob") as bytes.
      if (part.fieldname === 'json_request_part') json = part.type === 'file' ? (await part.toBuffer()).toString('utf8') : part.value;
      else if (part.type === 'file') files.push({ name: part.filename || 'attachment', contentType: part.mimetype, blob: await receiveAttachment(blobs, part.file, limitBytes) });
    }
    return matchFiles(parseEntries(json), files, blobs);
  } catch (e) {
    await blobs.remove(files.map((f) => f.blob.key));
    throw e;
  }
}

function parseEntries(json: unknown): RpLog[] {
  if (json === undefined) throw invalid('json_request_part', 'is missing: the log entries go in a part of that name, as a JSON array');
  let value = json;
  try {
    if (typeof json === 'string') value = JSON.parse(json);
  } catch (e) {
    throw invalid('json_request_part', `is not JSON: ${(e as Error).message}`);
  }
  const entries = Array.isArray(value) ? value : [value];
  for (const [i, entry] of entries.entries()) if (!checkLog(entry)) throw invalid(`json_request_part[${i}]`, 'is not a log entry');
  return entries as RpLog[];
}

/** Each entry takes the first file part of its `file.name` not taken yet; files no entry names are removed. */
async function matchFiles(entries: RpLog[], files: ReceivedLogFile[], blobs: BlobStore): Promise<LogEntry[]> {
  const left = [...files];
  const matched = entries.map((log) => {
    const name = log.file?.name;
    const at = name ? left.findIndex((f) => f.name === name) : -1;
    return { log, file: at >= 0 ? left.splice(at, 1)[0]! : null };
  });
  await blobs.remove(left.map((f) => f.blob.key));
  return matched;
}
