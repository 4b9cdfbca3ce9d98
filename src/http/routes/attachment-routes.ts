/**
 * Attachments of a run's cases and steps: a case's list, and each one's bytes with its own content type.
 * Served from the API's origin, so nothing an attachment holds may run: HTML and SVG go out sandboxed
 * (`Content-Security-Policy: sandbox`, no scripts, an origin of their own), types the browser could execute
 * otherwise as downloads; images and text are shown inline.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../core/errors.js';
import { attachmentsOfCase, findAttachment } from '../../store/attachment-repository.js';
import { findCaseResult } from '../../store/run-repository.js';
import type { RouteDeps } from '../app.js';
import { IdParam } from '../schemas.js';

const tags = ['attachments'];
const INLINE = /^(image\/(png|jpeg|gif|webp|bmp|avif)|text\/plain|application\/json|text\/csv|video\/(mp4|webm))$/;
const SANDBOXED = /^(text\/html|image\/svg\+xml|application\/xhtml\+xml)$/;

export const AttachmentBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  testCaseResultId: Type.Union([Type.Integer(), Type.Null()]),
  stepResultId: Type.Union([Type.String(), Type.Null()]),
  createdDate: Type.String(),
  /** Where its bytes are. */
  url: Type.String(),
});

export function attachmentRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  return async (app) => {
    app.get(
      '/test_runs/:run_id/test_case_results/:id/attachments',
      {
        schema: {
          tags,
          operationId: 'listCaseAttachments',
          summary: "A case's attachments and its steps', by time, then name",
          params: Type.Object({ run_id: IdParam, id: IdParam }),
          response: { 200: Type.Object({ content: Type.Array(AttachmentBody) }) },
        },
      },
      async (req) => {
        const c = await findCaseResult(db, req.workspaceId, req.params.run_id, req.params.id);
        if (!c) throw notFound(`test case result ${req.params.id} of run ${req.params.run_id}`);
        const rows = await attachmentsOfCase(db, req.workspaceId, c.id);
        return {
          content: rows.map((a) => ({
            id: a.id,
            name: a.name,
            contentType: a.content_type,
            size: Number(a.size),
            testCaseResultId: a.case_result_id,
            stepResultId: a.step_result_id,
            createdDate: new Date(Number(a.created_at)).toISOString(),
            url: `/api/v3/attachments/${a.id}`,
          })),
        };
      },
    );

    app.get(
      '/attachments/:id',
      { schema: { tags, operationId: 'getAttachment', summary: "An attachment's bytes, with its content type", params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) }) } },
      async (req, reply) => {
        const a = await findAttachment(db, req.workspaceId, req.params.id);
        if (!a) throw notFound(`attachment ${req.params.id}`);
        const type = a.content_type;
        const filename = encodeURIComponent(a.name);
        reply.header('Content-Type', SANDBOXED.test(type) || INLINE.test(type) ? type : 'application/octet-stream');
        reply.header('Content-Length', String(a.size));
        reply.header('Content-Disposition', `${INLINE.test(type) || SANDBOXED.test(type) ? 'inline' : 'attachment'}; filename*=UTF-8''${filename}`);
        reply.header('Cache-Control', 'private, max-age=31536000, immutable');
        // Set after the app-wide headers (connection-guards.ts) by the route itself: stricter than theirs.
        reply.header('Content-Security-Policy', SANDBOXED.test(type) ? "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'" : "default-src 'none'");
        return reply.send(deps.blobs.open(a.blob_key));
      },
    );
  };
}
