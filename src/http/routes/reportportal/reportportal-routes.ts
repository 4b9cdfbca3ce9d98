/**
 * The ReportPortal reporting API (docs/reportportal.md), under `/api/v1/{project}` and `/api/v2/{project}`
 * alike: v2 is ReportPortal's asynchronous path, but here both answer after the write is committed, so a
 * 2xx always means stored. The project is the workspace's name; the Bearer token a Verdict API key (a key
 * of another workspace finds no such project: 404). Verdict's own static routes (`/api/v1/execution_results`
 * ...) take precedence over `{project}` in the router. Errors have ReportPortal's body, `{errorCode, message}`.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { RpItemFinishSchema, RpItemStartSchema, RpLaunchFinishSchema, RpLaunchStartSchema, type RpLog } from '../../../core/reportportal-requests.js';
import { findLaunch, finishItem, finishLaunch, saveLogs, startItem, startLaunch, type LogAnswer } from '../../../ingest/reportportal/index.js';
import { invalid, rpNotFound } from '../../../ingest/reportportal/values.js';
import { countLaunches, findLaunches } from '../../../store/rp-item-repository.js';
import { findRunWithPlan } from '../../../store/run-repository.js';
import { findWorkspaceById } from '../../../store/workspace-repository.js';
import type { RouteDeps } from '../../app.js';
import { checkLog, readLogParts } from './log-parts.js';
import { EntryCreated, LogCreated, Finished, LaunchCreated, LaunchFinished, LaunchPage, LaunchResource, presentLaunch, rpErrorHandler, rpErrors, SETTINGS, SettingsBody } from './rp-bodies.js';

const tags = ['reportportal'];
const Uuid = Type.String({ minLength: 1, maxLength: 200 });
const Project = { project: Type.String({ minLength: 1, maxLength: 200, description: 'The workspace name' }) };
const ProjectParams = Type.Object(Project);

export function reportPortalRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  const publicUrl = deps.config.publicUrl.replace(/\/+$/, '');
  const runLink = (runId: number) => `${publicUrl}/runs/${runId}`;
  const names = new Map<number, string>();

  /** The project must be the key's workspace: another workspace's name is a project that does not exist for this key. */
  async function checkProject(request: FastifyRequest) {
    const project = (request.params as { project?: string }).project;
    if (project === undefined) return;
    let name = names.get(request.workspaceId);
    if (name === undefined) {
      name = (await findWorkspaceById(db, request.workspaceId))?.name ?? '';
      names.set(request.workspaceId, name);
    }
    if (project !== name && project.toLowerCase() !== name.toLowerCase()) throw rpNotFound('PROJECT_NOT_FOUND', `Project '${project}' not found. Did you use correct project name?`);
  }

  async function launchBody(workspaceId: number, uuid: string) {
    const launch = await findLaunch(db, workspaceId, uuid);
    const run = launch && (await findRunWithPlan(db, workspaceId, launch.test_run_id!));
    if (!launch || !run) throw rpNotFound('LAUNCH_NOT_FOUND', `Launch '${uuid}' not found. Did you use correct Launch ID?`);
    return presentLaunch(uuid, run, runLink(run.id));
  }

  return async (app) => {
    await app.register(multipart, { limits: { fileSize: deps.attachmentLimitBytes + 1, files: 1000, fields: 20, parts: 1020, fieldSize: deps.config.bodyLimitBytes }, throwFileSizeLimit: true });
    app.setErrorHandler(rpErrorHandler);
    // Bodies are ReportPortal's as built below; the schemas document them.
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));
    app.addHook('preValidation', checkProject);

    app.post(
      '/:project/launch',
      { schema: { tags, operationId: 'rpStartLaunch', summary: 'Start a launch: a run of the plan the launch names (a `uuid` of the client is honoured; the same start again changes nothing)', params: ProjectParams, body: RpLaunchStartSchema, response: { 201: LaunchCreated, ...rpErrors } } },
      async (req, reply) => {
        const { uuid, runId } = await startLaunch(deps.ingest, req.workspaceId, req.body);
        return reply.status(201).send({ id: uuid, number: runId });
      },
    );

    app.put(
      '/:project/launch/:launchUuid/finish',
      { schema: { tags, operationId: 'rpFinishLaunch', summary: 'Finish a launch; `link` is the run in Verdict', params: Type.Object({ ...Project, launchUuid: Uuid }), body: Type.Optional(RpLaunchFinishSchema), response: { 200: LaunchFinished, ...rpErrors } } },
      async (req) => {
        const { runId } = await finishLaunch(deps.ingest, req.workspaceId, req.params.launchUuid, req.body ?? {});
        return { id: req.params.launchUuid, number: runId, link: runLink(runId) };
      },
    );

    app.get(
      '/:project/launch/uuid/:launchUuid',
      { schema: { tags, operationId: 'rpGetLaunchByUuid', summary: 'A launch by its UUID (Java agents poll it until the launch exists)', params: Type.Object({ ...Project, launchUuid: Uuid }), response: { 200: LaunchResource, ...rpErrors } } },
      async (req) => launchBody(req.workspaceId, req.params.launchUuid),
    );

    app.get(
      '/:project/launch',
      {
        schema: {
          tags,
          operationId: 'rpListLaunches',
          summary: 'Launches, newest first (`filter.in.uuid`: comma-separated UUIDs; `page.page` from 1, `page.size`)',
          params: ProjectParams,
          querystring: Type.Object({ 'filter.in.uuid': Type.Optional(Type.String({ maxLength: 20_000 })), 'page.page': Type.Optional(Type.Integer({ minimum: 1, default: 1 })), 'page.size': Type.Optional(Type.Integer({ minimum: 1, maximum: 300, default: 20 })) }, { additionalProperties: true }),
          response: { 200: LaunchPage, ...rpErrors },
        },
      },
      async (req) => {
        const uuids = req.query['filter.in.uuid']?.split(',').map((u) => u.trim()).filter(Boolean);
        const size = req.query['page.size'] ?? 20;
        const number = req.query['page.page'] ?? 1;
        const rows = await findLaunches(db, req.workspaceId, { uuids, offset: (number - 1) * size, limit: size });
        const total = await countLaunches(db, req.workspaceId, uuids);
        const content = [];
        for (const row of rows) content.push(await launchBody(req.workspaceId, row.uuid));
        return { content, page: { number, size, totalElements: total, totalPages: Math.ceil(total / size) } };
      },
    );

    for (const url of ['/:project/item', '/:project/item/']) {
      app.post(
        url,
        { schema: { tags, operationId: url.endsWith('/') ? 'rpStartRootItemSlash' : 'rpStartRootItem', summary: 'Start a root item (client-javascript posts to `item/`, with the slash)', params: ProjectParams, body: RpItemStartSchema, response: { 201: EntryCreated, ...rpErrors } } },
        async (req, reply) => reply.status(201).send({ id: (await startItem(deps.ingest, req.workspaceId, null, req.body)).uuid }),
      );
    }

    app.post(
      '/:project/item/:itemUuid',
      { schema: { tags, operationId: 'rpStartChildItem', summary: 'Start a child of the item `itemUuid` (the same start again changes nothing)', params: Type.Object({ ...Project, itemUuid: Uuid }), body: RpItemStartSchema, response: { 201: EntryCreated, ...rpErrors } } },
      async (req, reply) => reply.status(201).send({ id: (await startItem(deps.ingest, req.workspaceId, req.params.itemUuid, req.body)).uuid }),
    );

    app.put(
      '/:project/item/:itemUuid',
      { schema: { tags, operationId: 'rpFinishItem', summary: 'Finish an item (without a status: from its children)', params: Type.Object({ ...Project, itemUuid: Uuid }), body: Type.Optional(RpItemFinishSchema), response: { 200: Finished, ...rpErrors } } },
      async (req) => {
        await finishItem(deps.ingest, req.workspaceId, req.params.itemUuid, req.body ?? {});
        return { message: `TestItem with ID = '${req.params.itemUuid}' successfully finished.` };
      },
    );

    const saveLog = async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.isMultipart()) {
        const answers = await saveLogs(deps.ingest, deps.blobs, req.workspaceId, await readLogParts(req, deps.blobs, deps.attachmentLimitBytes));
        return reply.status(201).send({ responses: answers.map(answerBody) });
      }
      const body = req.body;
      const entries = (Array.isArray(body) ? body : [body]) as unknown[];
      for (const [i, entry] of entries.entries()) if (!checkLog(entry)) throw invalid(Array.isArray(body) ? `[${i}]` : 'body', 'is not a log entry: {launchUuid, itemUuid?, time, level, message}');
      const answers = await saveLogs(deps.ingest, deps.blobs, req.workspaceId, (entries as RpLog[]).map((log) => ({ log })));
      if (Array.isArray(body)) return reply.status(201).send({ responses: answers.map(answerBody) });
      const answer = answers[0]!;
      if ('notFound' in answer) throw rpNotFound('TEST_ITEM_NOT_FOUND', answer.message);
      return reply.status(201).send({ id: answer.id });
    };
    for (const url of ['/:project/log', '/:project/log/entry']) {
      app.post(
        url,
        {
          schema: {
            tags,
            operationId: url.endsWith('entry') ? 'rpSaveLogEntry' : 'rpSaveLog',
            summary: url.endsWith('entry') ? 'Save a log (v2 path)' : 'Save a log, or (multipart) a batch of logs with files',
            description: 'JSON: one log `{launchUuid, itemUuid?, time, level, message}`, answered `{id}`. Multipart: a `json_request_part` with a JSON array of logs, and `file` parts matched to them by `file.name`; answered `{responses: [{id}...]}`.',
            params: ProjectParams,
            response: { 201: LogCreated, ...rpErrors },
          },
        },
        saveLog,
      );
    }

    app.get(
      '/:project/settings',
      { schema: { tags, operationId: 'rpGetSettings', summary: "The project's defect types (issue type locators)", params: ProjectParams, response: { 200: SettingsBody, ...rpErrors } } },
      async (req) => ({ project: req.workspaceId, ...SETTINGS }),
    );
  };
}

const answerBody = (a: LogAnswer) => ('notFound' in a ? { message: a.message, errorCode: 4043 } : { id: a.id });
