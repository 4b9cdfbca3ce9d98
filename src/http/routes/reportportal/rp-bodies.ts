/**
 * ReportPortal's bodies as its agents read them: answers, the launch resource, the project settings, and
 * its error body `{errorCode, message}` (its own codes, e.g. 4041 launch not found), which the routes
 * under `/api/{v1,v2}/{project}` answer with instead of Verdict's.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { statusOfResult } from '../../../core/reportportal.js';
import type { VerdictError } from '../../../core/errors.js';
import type { RunRow } from '../../../store/run-repository.js';
import { classifyError } from '../../classify-error.js';
import { documentOnly } from '../../openapi-schemas.js';

export const RpErrorBody = Type.Object({ errorCode: Type.Integer(), message: Type.String() }, { description: "ReportPortal's error body" });

/** ReportPortal's codes (its ErrorType): named ones first, else by status. */
const BY_REASON: Record<string, number> = { PROJECT_NOT_FOUND: 4040, LAUNCH_NOT_FOUND: 4041, TEST_ITEM_NOT_FOUND: 4043 };
const BY_STATUS: Record<number, number> = { 400: 4001, 401: 4003, 403: 4003, 404: 4040, 409: 4091, 413: 4002, 415: 4001, 429: 4290, 503: 5030 };

export const rpErrorBody = (e: VerdictError) => ({ errorCode: BY_REASON[e.details.reason ?? ''] ?? BY_STATUS[e.status] ?? 5000, message: e.message });

/** The error handler of the ReportPortal routes: Verdict's classification, ReportPortal's body. */
export function rpErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const clientGone = request.raw.socket?.destroyed === true;
  const error = classifyError(err, clientGone);
  if (error.status >= 500) request.log[error.code === 'INTERNAL' ? 'error' : 'warn']({ err }, error.message);
  return reply.status(error.status).type('application/json').send(rpErrorBody(error));
}

export const rpErrors = {
  400: { ...RpErrorBody, description: 'Incorrect request (errorCode 4001)' },
  401: { ...RpErrorBody, description: 'Missing or wrong API key' },
  404: { ...RpErrorBody, description: "Not found: the project (another workspace's, 4040), the launch (4041) or the item (4043)" },
};

export const EntryCreated = documentOnly(Type.Object({ id: Type.String({ description: 'The UUID (the client\'s, when it sent one)' }) }));
export const LaunchCreated = documentOnly(Type.Object({ id: Type.String({ description: "The launch UUID (the client's, when it sent one)" }), number: Type.Integer({ description: 'The Verdict run id' }) }));
export const LaunchFinished = documentOnly(Type.Object({ id: Type.String(), number: Type.Integer(), link: Type.String({ description: "The run's page in Verdict's UI" }) }));
export const Finished = documentOnly(Type.Object({ message: Type.String() }));
const Batch = Type.Object({ responses: Type.Array(Type.Object({ id: Type.Optional(Type.String()), message: Type.Optional(Type.String()), errorCode: Type.Optional(Type.Integer()) })) });
export const LogCreated = documentOnly(Type.Union([Type.Object({ id: Type.String() }), Batch], { description: 'JSON: the log\'s id; multipart: one entry per log, its id or why it was not stored' }));
export const SettingsBody = documentOnly(Type.Object({ project: Type.Integer(), subTypes: Type.Record(Type.String(), Type.Array(Type.Object({ locator: Type.String(), typeRef: Type.String() }, { additionalProperties: true }))) }));

const LaunchResourceSchema = Type.Object(
  { id: Type.Integer({ description: 'The Verdict run id' }), uuid: Type.String(), name: Type.String(), number: Type.Integer(), status: Type.String(), startTime: Type.Union([Type.Integer(), Type.Null()]), endTime: Type.Union([Type.Integer(), Type.Null()]), mode: Type.String() },
  { additionalProperties: true },
);
export const LaunchResource = documentOnly(LaunchResourceSchema);
export const LaunchPage = documentOnly(Type.Object({ content: Type.Array(LaunchResourceSchema), page: Type.Object({ number: Type.Integer(), size: Type.Integer(), totalElements: Type.Integer(), totalPages: Type.Integer() }) }));

/** A launch as ReportPortal shows it, from its run: `id` and `number` are the run id. */
export function presentLaunch(uuid: string, run: RunRow & { plan_name: string }, link: string) {
  const environment = run.environment ? (JSON.parse(run.environment) as Record<string, string>) : {};
  return {
    id: run.id,
    uuid,
    name: run.plan_name,
    number: run.id,
    description: environment.description ?? null,
    startTime: run.start_time,
    endTime: run.status === 'STATUS_COMPLETED' ? run.end_time : null,
    status: statusOfResult(run.result),
    mode: environment.mode ?? 'DEFAULT',
    attributes: Object.entries(environment).filter(([k]) => k !== 'description' && k !== 'mode').map(([key, value]) => ({ key, value })),
    statistics: { executions: { total: run.total_count, passed: run.passed_count, failed: run.failed_count, skipped: run.skipped_count } },
    link,
  };
}

/** The project's defect types (`GET settings`): pytest's `issue_type` marks resolve against these locators. */
export const SETTINGS = {
  subTypes: Object.fromEntries(
    (
      [
        ['TO_INVESTIGATE', 'ti001', 'To Investigate', 'TI', '#ffb743'],
        ['PRODUCT_BUG', 'pb001', 'Product Bug', 'PB', '#ec3900'],
        ['AUTOMATION_BUG', 'ab001', 'Automation Bug', 'AB', '#f7d63e'],
        ['SYSTEM_ISSUE', 'si001', 'System Issue', 'SI', '#0274d1'],
        ['NO_DEFECT', 'nd001', 'No Defect', 'ND', '#777777'],
      ] as const
    ).map(([typeRef, locator, longName, shortName, color], i) => [typeRef, [{ id: i + 1, locator, typeRef, longName, shortName, color }]]),
  ),
};
