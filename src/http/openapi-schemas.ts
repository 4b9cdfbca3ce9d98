/**
 * Response schemas of the read routes, for the OpenAPI document only: bodies are written by the presenters
 * (key order matters to clients, reference.md §11) and serialized with JSON.stringify, never through
 * these schemas. Keys follow the presenters' order.
 */
import { Type, type TSchema } from 'typebox';
import { WARNING_CODES } from '../core/import-warnings.js';
import { RESULTS, STATUSES, TRIGGERED_TYPES } from '../core/vocabulary.js';
import { CASE_METRIC_KEYS, METRIC_KEYS } from './metric-keys.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const enumOf = (values: readonly string[], description?: string) => Type.String({ enum: [...values], ...(description ? { description } : {}) });
const Result = enumOf(RESULTS, 'Canonical result name');
const Status = enumOf(STATUSES);
const Time = Nullable(Type.String({ format: 'date-time', description: 'ISO-8601 UTC, second precision, e.g. 2024-05-29T07:29:19Z' }));
const Millis = Nullable(Type.Integer({ description: 'Milliseconds' }));
const Id = Type.Integer();
const Count = Type.Integer();
const open = { additionalProperties: true } as const;

const counts = Object.fromEntries(METRIC_KEYS.map((k) => [k, Count]));
const consolidated = (prefix: string) => Object.fromEntries(Object.keys(counts).map((k) => [`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`, Count]));
const tail = { result: Result, latestResult: Result, duration: Millis, consolidatedDuration: Millis };

export const DeviceConfigurationBody = Type.Object({
  title: Nullable(Type.String()), osVersion: Nullable(Type.String()), browser: Nullable(Type.String()), browserVersion: Nullable(Type.String()),
  resolution: Nullable(Type.String()), platform: Nullable(Type.String()), deviceName: Nullable(Type.String()), hostName: Nullable(Type.String()), osType: Nullable(Type.String()),
});

export const RunBody = Type.Object(
  {
    id: Id, testPlanId: Id, buildNo: Nullable(Type.String()), result: Result, startTime: Time, endTime: Time, duration: Millis,
    executor: Nullable(Type.String()), triggeredType: enumOf(TRIGGERED_TYPES),
    metrics: Type.Object({ id: Id, testPlanResultId: Id, ...counts, ...consolidated('consolidatedPlan'), ...tail, skippedCount: Count, consolidatedPlanSkippedCount: Count }),
    status: Status, message: Nullable(Type.String()), reRunParentId: Nullable(Id), reRunType: Nullable(Type.String()), testPlanName: Nullable(Type.String()),
    environment: Nullable(Type.Record(Type.String(), Type.String())),
    environmentId: Nullable(Type.Integer({ description: 'The environment map\'s `environmentId` when it is a whole number, else null' })),
  },
  { ...open, description: 'A test run (test plan result), reference.md §3.1' },
);

export const MachineBody = Type.Object(
  {
    id: Id, testRunId: Id, result: Result, startTime: Time, endTime: Time, duration: Millis, deviceConfiguration: DeviceConfigurationBody,
    metrics: Type.Object({ id: Id, testDeviceResultId: Id, testPlanResultId: Id, ...counts, ...consolidated('consolidated'), ...tail, skippedCount: Count, consolidatedSkippedCount: Count }),
    appDetails: Nullable(Type.Object({}, open)), status: Status, reRunParentId: Nullable(Id),
  },
  { ...open, description: 'A machine (test device) result, reference.md §3.2' },
);

export const SuiteBody = Type.Object(
  {
    id: Id, suiteId: Id, testRunId: Id, testMachineRunId: Id, startTime: Time, endTime: Time, duration: Millis, result: Result,
    metrics: Type.Object({ id: Id, testSuiteResultId: Id, testDeviceResultId: Id, testPlanResultId: Id, ...counts, ...consolidated('consolidated'), ...tail, skippedCount: Count, consolidatedSkippedCount: Count }),
    name: Type.String(), status: Status, reRunParentId: Nullable(Id), deviceConfiguration: Type.Null(), appDetails: Type.Null(),
    message: Nullable(Type.String({ description: "Verdict's own: why the suite is ABORTED when a report ended inside it (file, line, cases read)" })),
  },
  { ...open, description: 'A suite result, reference.md §3.3' },
);

/** A parameter as it may be shown: a masked one has no value. */
const Parameter = Type.Object({ name: Type.String(), value: Type.Optional(Type.String()), masked: Type.Optional(Type.Boolean()), excluded: Type.Optional(Type.Boolean()) }, open);

export const CaseBody = Type.Object(
  {
    id: Id, testCaseId: Id, startTime: Time, endTime: Time, duration: Millis, result: Result, isDisabled: Type.Boolean(), isDataDriven: Type.Boolean(),
    metrics: Type.Object({ id: Id, testCaseResultId: Id, testSuiteResultId: Id, testDeviceResultId: Id, testPlanResultId: Id, ...Object.fromEntries(CASE_METRIC_KEYS.map((k) => [k, Count])), ...tail }),
    name: Type.String(), message: Nullable(Type.String()), status: Status, testRunId: Id, testSuiteResultId: Id, testMachineResultId: Id, suiteId: Id,
    parentId: Nullable(Id), iteration: Nullable(Type.Integer()), dataSetName: Nullable(Type.String()), skipped: Type.Boolean(), flaky: Type.Boolean(),
    errorType: Nullable(Type.String()), reRunParentId: Nullable(Id), appDetails: Type.Null(),
    category: Nullable(Type.String({ description: "The failure's category (Allure's categories.json)" })),
  },
  { ...open, description: 'A test case result (data-driven iterations are rows of their own with parentId and iteration), reference.md §3.4' },
);

export const StepBody = Type.Object(
  {
    id: Type.String({ description: 'UUID' }), testMachineResultId: Id, testCaseResultId: Id, testCaseId: Id, stepId: Id, type: Type.String(), action: Type.String(),
    message: Nullable(Type.String()), errorCode: Nullable(Type.Integer()), errorType: Nullable(Type.String()), result: Result, conditionalResult: Type.Null(),
    visualTestResult: Type.Null(), startTime: Time, endTime: Time, duration: Millis, visualEnabled: Type.Boolean(), priority: Type.String(),
    parentStepResultId: Nullable(Type.String()), depth: Type.Integer(), skipped: Type.Boolean(),
    parameters: Nullable(Type.Array(Parameter)),
  },
  { ...open, description: 'A step result, reference.md §3.5' },
);

/** `GET …/test_case_results/{id}/details`: the long text a report carried, kept out of list bodies. */
export const CaseDetailsBody = Type.Object(
  {
    id: Id, stackTrace: Nullable(Type.String()), systemOut: Nullable(Type.String()), systemErr: Nullable(Type.String()),
    attempts: Nullable(Type.Array(Type.Object({ result: Result, message: Nullable(Type.String()), duration: Millis, stackTrace: Nullable(Type.String()) }, open))),
    properties: Nullable(Type.Record(Type.String(), Type.String())),
    labels: Type.Array(Type.Object({ name: Type.String(), value: Type.String() }), { description: 'owner, severity, tag...: filterable as fields of their own (`owner:alice`)' }),
    links: Nullable(Type.Array(Type.Object({ url: Type.String(), name: Nullable(Type.String()), type: Nullable(Type.String()) }, open))),
    parameters: Nullable(Type.Array(Parameter)),
    category: Nullable(Type.String()),
  },
  { ...open, description: 'What a report said about a test beyond its result' },
);

/** `POST /imports`: the run, as GET test_runs/{id} gives it, plus what was read. */
/** One thing an importer tolerated to read a report (docs/importing.md lists each code with the reporters that need it). */
export const ImportWarningBody = Type.Object(
  {
    file: Type.String({ description: 'The report file' }),
    code: enumOf(WARNING_CODES, 'What kind of deviation was tolerated'),
    message: Type.String({ description: 'What was read and how, e.g. where a cut-off file ends and how many cases were read' }),
    line: Nullable(Type.Integer({ description: '1-based line in the file, where it has one place' })),
    column: Nullable(Type.Integer()),
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Object(
  {
    ...RunBody.properties,
    import: Type.Object({
      created: Type.Boolean({ description: 'False when the upload joined a run an earlier shard (same runKey) created' }),
      files: Type.Array(Type.Object({ name: Type.String(), format: Type.String(), cases: Count })),
      cases: Count,
      formats: Type.Array(Type.String()),
      duplicate: Type.Boolean({ description: 'The run already held this upload (a retry): nothing was written' }),
      warnings: Type.Array(ImportWarningBody, { description: 'What the importers tolerated (repaired XML, a cut-off file, merged retries, CTRF schema deviations); empty when nothing' }),
    }),
    triage: Type.Object({
      result: Result,
      quarantinedFailures: Count,
      comparison: Nullable(Type.Object({ baseRunId: Id, newFailures: Count, fixed: Count, stillFailing: Count })),
    }, { description: "For the CI: the run's result with quarantined tests' failures counted apart (what --fail-on-failure decides by), and how it compares with the plan's previous run" }),
  },
  { ...open, description: 'The run the reports went into, and what was imported' },
);

/** `GET /test_runs/{id}/warnings`. */
export const RunWarningsBody = Type.Object(
  { testRunId: Id, warnings: Type.Array(ImportWarningBody) },
  { additionalProperties: false, description: "What the importers tolerated in the run's reports, oldest first (empty for a run not imported, or imported cleanly)" },
);

const SortJson = Type.Object({ sorted: Type.Boolean(), unsorted: Type.Boolean(), empty: Type.Boolean() });

/** A schema for the document only: handlers are not type-checked against it (presenters own the shape). */
export const documentOnly = (schema: TSchema) => Type.Unsafe<unknown>(schema);

/** Spring's Page plus `pagination` (contract "Paging and sorting"). */
export function PageSchema(item: TSchema, description: string) {
  return documentOnly(Type.Object(
    {
      content: Type.Array(item),
      pageable: Type.Object({ sort: SortJson, offset: Type.Integer(), pageNumber: Type.Integer(), pageSize: Type.Integer(), paged: Type.Boolean(), unpaged: Type.Boolean() }),
      last: Type.Boolean(),
      totalPages: Type.Integer(),
      totalElements: Type.Integer(),
      size: Type.Integer(),
      number: Type.Integer(),
      sort: SortJson,
      first: Type.Boolean(),
      numberOfElements: Type.Integer(),
      empty: Type.Boolean(),
      pagination: Type.Object({ page: Type.Integer(), pageSize: Type.Integer(), isLast: Type.Boolean(), totalElements: Type.Integer() }),
    },
    { description },
  ));
}

export const RunPageSchema = PageSchema(RunBody, 'A page of test runs');
export const MachinePageSchema = PageSchema(MachineBody, 'A page of machine results');
export const SuitePageSchema = PageSchema(SuiteBody, 'A page of suite results');
export const CasePageSchema = PageSchema(CaseBody, 'A page of test case results');
export const StepPageSchema = PageSchema(StepBody, 'A page of step results');

/** The shared error body (schemas.ts ErrorBodySchema, registered once as `ErrorBody`). */
export const ErrorRef = Type.Unsafe<Record<string, unknown>>({ $ref: 'ErrorBody#' });
export const errorResponses = {
  400: { ...ErrorRef, description: 'Invalid request: a bad query (code INVALID_QUERY, with position, length and reason) or sort (INVALID_SORT)' },
  401: { ...ErrorRef, description: 'Missing or wrong API key' },
  404: { ...ErrorRef, description: 'No such id in the workspace of the key (or a child of another run)' },
} as const;
