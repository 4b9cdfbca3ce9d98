/**
 * `POST /imports`: report files (JUnit, CTRF, TRX, NUnit, xUnit.net, an Allure results directory) into one run, streamed.
 *
 * The body is the report itself (`application/xml`, `text/xml`, `application/json`,
 * `application/octet-stream`, `application/x-tar`, `application/zip`; `Content-Encoding: gzip` or gzip bytes accepted) or `multipart/form-data`
 * with one or more file parts. Nothing is buffered whole: the request stream goes through the importer
 * through the import mapping (src/ingest/import-mapping.ts). Parameters are in the query string, so the body
 * can be a plain file: `curl --data-binary @junit.xml -H 'Content-Type: application/xml' '.../imports?plan=nightly'`.
 * Contract and examples: docs/importing.md, "The import endpoint".
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { VerdictError } from '../../core/errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../../importers/index.js';
import { ByteBudget, counted, importReports, tooLarge, type ReportFile } from '../../ingest/index.js';
import { withBoundedHeap } from '../../ops/heap.js';
import { findRunWithPlan } from '../../store/run-repository.js';
import type { RouteDeps } from '../app.js';
import { presentRun } from '../presenters.js';
import { uploadTriage } from '../../triage/run-triage.js';

/** Body types streamed to the importer as they are; the format comes from `format=` or the content. */
const RAW_TYPES = ['application/xml', 'text/xml', 'application/json', 'application/octet-stream', 'application/gzip', 'application/x-gzip', 'text/plain', 'application/x-tar', 'application/zip', 'application/x-zip-compressed'];

const ImportQuery = Type.Object(
  {
    plan: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Test plan name; created on first use. Not needed with `runId`' })),
    runId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Fill this run (a triggered run waiting for its CI, or a complete run: a later shard) instead of opening one; a run the live API is still reporting is a 409' })),
    build: Type.Optional(Type.String({ maxLength: 500, description: 'Build number' })),
    machine: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: "Machine title; default: the report's host name, else `default`" })),
    runKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Shards that send the same run key (per plan) land in one run' })),
    format: Type.Optional(Type.Union(REPORT_FORMATS.map((f) => Type.Literal(f)), { description: 'Report format; detected from the content when absent' })),
    env: Type.Optional(Type.Array(Type.String({ pattern: '^[^=]+=', maxLength: 2000 }), { maxItems: 100, description: 'Run environment entries, `env=KEY=VALUE`, repeatable' })),
    reRunParentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The run this one re-runs' })),
  },
  { additionalProperties: false },
);

export function importRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const limit = deps.config.bodyLimitBytes;
  return async (app) => {
    await app.register(multipart, { limits: { fileSize: limit, files: 1000, fields: 50, parts: 1050 }, throwFileSizeLimit: true });
    // Within this plugin only: hand the body over unread, as a stream.
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser(RAW_TYPES, (_request, payload, done) => done(null, payload));

    app.post(
      '/imports',
      {
        schema: {
          tags: ['ingestion'],
          operationId: 'importReports',
          summary: 'Import report files (JUnit, CTRF, TRX, NUnit, xUnit.net) or an Allure results directory into one run',
          description:
            'Body: the report (raw, optionally gzip) or multipart/form-data with several files; a tar archive (application/x-tar, optionally gzip, or as a part) ' +
            'or a zip archive (application/zip, or told by its first bytes; stored and deflate entries) is read as the files it holds, which is how an Allure results directory is sent. Parameters in the query string. ' +
            'With `runId` the files fill that run (a triggered run: `verdict upload --run-id`). Answers 201 with the run (as GET test_runs/{id}) plus `import: {files, cases, formats, warnings}` ' +
            'and `triage`; `warnings` says what was tolerated (repaired XML, a file cut off mid-write, retries merged, CTRF schema deviations). A report with nothing readable is a 400 ' +
            'INVALID_REPORT naming file, line and column, and nothing is stored; a body over the limit (counted after decompression) is a 413.',
          querystring: ImportQuery,
        },
      },
      async (req, reply) => {
        if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge(limit);
        const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
        if (!['identity', 'gzip', 'x-gzip'].includes(encoding)) throw new VerdictError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${encoding}" is not supported; send gzip or plain bytes`);
        const q = req.query;
        if (q.runId === undefined && q.plan === undefined) throw new VerdictError('INVALID_REQUEST', 'querystring needs plan (or runId)', { fieldErrors: [{ field: 'plan', message: 'is required without runId' }] });
        const clash = q.runId === undefined ? undefined : q.runKey !== undefined ? 'runKey' : q.reRunParentId !== undefined ? 'reRunParentId' : undefined;
        if (clash) throw new VerdictError('INVALID_REQUEST', `querystring ${clash} cannot be given with runId: the run exists`, { fieldErrors: [{ field: clash, message: 'cannot be given with runId' }] });
        const files = req.isMultipart() ? multipartFiles(req, q.format) : rawFile(req, q.format, new ByteBudget(limit));
        const summary = await withBoundedHeap(() =>
          importReports(
            deps.ingest,
            req.workspaceId,
            { plan: q.plan ?? null, runId: q.runId ?? null, buildNo: q.build ?? null, machine: q.machine ?? null, runKey: q.runKey ?? null, environment: environmentOf(q.env), reRunParentId: q.reRunParentId ?? null },
            files,
            // Once the body is in, the client only waits: the idle timeout (meant for stalled uploads) must not cut a long import.
            { maxBytes: limit, blobs: deps.blobs, attachmentLimitBytes: deps.attachmentLimitBytes, onReceived: () => req.raw.socket?.setTimeout?.(0) },
          ),
        ).catch((e: unknown) => {
          if (e instanceof VerdictError && e.status < 500) deps.metrics.imported('refused');
          throw e;
        });
        deps.metrics.imported(summary.duplicate ? 'duplicate' : 'stored');
        const row = await findRunWithPlan(deps.store.db, req.workspaceId, summary.runId);
        const triage = await uploadTriage(deps.store.db, req.workspaceId, summary.runId, deps.clock());
        return reply.status(summary.duplicate ? 200 : 201).send({ ...presentRun(row!), import: { created: summary.created, duplicate: summary.duplicate, files: summary.files, cases: summary.cases, formats: summary.formats, warnings: summary.warnings }, triage });
      },
    );
  };
}

function environmentOf(entries: string[] | undefined): Record<string, string> | null {
  if (!entries?.length) return null;
  return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

/** A raw body is one file, named by `Content-Disposition: ...; filename="..."` when the client sends one. */
function* rawFile(req: FastifyRequest, format: ReportFormat | undefined, budget: ByteBudget): Generator<ReportFile> {
  const body = req.body as AsyncIterable<Uint8Array> | undefined;
  if (!body || typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function') {
    throw new VerdictError('UNSUPPORTED_MEDIA_TYPE', `send the report with Content-Type ${RAW_TYPES.slice(0, 4).join(', ')} or multipart/form-data`);
  }
  const disposition = req.headers['content-disposition'];
  const name = (typeof disposition === 'string' ? /filename\*?="?([^";]+)"?/i.exec(disposition)?.[1] : undefined) ?? 'body';
  yield { name, format, chunks: counted(body, budget), contentType: req.headers['content-type'] };
}

async function* multipartFiles(req: FastifyRequest, format: ReportFormat | undefined): AsyncGenerator<ReportFile> {
  const parts = req.parts()[Symbol.asyncIterator]();
  for (;;) {
    const next = await parts.next().catch((e: unknown) => {
      throw malformedMultipart(e);
    });
    if (next.done) return;
    const part = next.value;
    if (part.type !== 'file') continue;
    yield { name: part.filename || part.fieldname, format, chunks: guarded(part.file), contentType: part.mimetype };
  }
}

/** A file part's bytes; a body that breaks off inside the part is the client's error, not ours. */
async function* guarded(file: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* file;
  } catch (e) {
    throw malformedMultipart(e);
  }
}

/** busboy's parse errors are plain Errors; anything with a status of its own (413 file too large) keeps it. */
function malformedMultipart(e: unknown): unknown {
  if (e instanceof VerdictError || !(e instanceof Error) || (e as { statusCode?: number }).statusCode) return e;
  return new VerdictError('INVALID_REQUEST', `the multipart/form-data body is malformed: ${e.message}`);
}
