/**
 * The run document: the one shape every way into Verdict speaks, declared once as a schema.
 *
 * `POST /api/v3/test_runs` takes it as JSON; every importer (JUnit, CTRF, TRX, NUnit, xUnit) yields its
 * cases in it; the live API sends the same case and step fields in keyed batches. Names are the results
 * API's own. Anything derivable (results of parents, counts, durations) may be left out and is derived on
 * ingestion (core/normalize-run.ts). The route validators and the TypeScript types both come from the
 * schemas below, so they cannot drift apart.
 *
 * Times are ISO-8601 strings (any offset; stored as UTC) and durations milliseconds. `result` accepts the
 * canonical names plus the input aliases PASSED, FAILED and SKIPPED (SKIPPED is stored as NOT_EXECUTED and
 * counted in skippedCount too).
 */
import { Type, type Static } from 'typebox';
import { closed, enumOf, opt } from './schema.js';
import { MAX_DURATION_MS } from './time.js';
import { RESULTS, RE_RUN_TYPES, STEP_CONDITION_TYPES, STEP_PRIORITIES, STEP_TYPES, TRIGGERED_TYPES } from './vocabulary.js';

export const INPUT_RESULTS = [...RESULTS, 'PASSED', 'FAILED', 'SKIPPED'] as const;
export const InputResultSchema = enumOf(INPUT_RESULTS, {
  description: 'A result; PASSED, FAILED and SKIPPED are accepted as aliases (SKIPPED is stored as NOT_EXECUTED and counted in skippedCount)',
});
export type InputResult = Static<typeof InputResultSchema>;

/** Bounds that keep a row storable on both databases (PostgreSQL's index rows, SQLite's none). */
export const TEXT_LIMITS = { name: 10_000, title: 500, short: 200, errorType: 1000, text: 1_000_000 } as const;

const Time = Type.String({ description: 'ISO-8601 time, e.g. 2024-05-29T07:29:19Z', maxLength: 40 });
const Millis = Type.Number({ minimum: 0, maximum: MAX_DURATION_MS, description: 'Milliseconds (at most ten years)' });
const Text = (max: number = TEXT_LIMITS.text) => Type.String({ maxLength: max });
const StringMap = Type.Record(Type.String(), Type.String());
const timed = { startTime: opt(Time), endTime: opt(Time), duration: opt(Millis) };

/**
 * A parameter of a test or step as a person may see it. A value its tool marks secret (Allure's `masked`)
 * arrives without its value and `masked: true`; `excluded` ones (a seed, a retry number) do not tell runs
 * of the test apart.
 */
export const ParameterSchema = Type.Object({ name: Text(TEXT_LIMITS.title), value: opt(Text(TEXT_LIMITS.errorType)), masked: opt(Type.Boolean()), excluded: opt(Type.Boolean()) }, closed);
export type ParameterDocument = Static<typeof ParameterSchema>;
const Parameters = Type.Array(ParameterSchema, { maxItems: 200 });

const stepFields = {
  action: Text(TEXT_LIMITS.name),
  type: opt(enumOf(STEP_TYPES)),
  priority: opt(enumOf(STEP_PRIORITIES)),
  result: opt(InputResultSchema),
  message: opt(Text()),
  errorCode: opt(Type.Integer()),
  errorType: opt(Text(TEXT_LIMITS.short)),
  conditionType: opt(enumOf(STEP_CONDITION_TYPES)),
  ignoreResult: opt(Type.Boolean()),
  parameters: opt(Parameters),
  ...timed,
};

/**
 * Steps nest as groups: one recursive schema. Its definition is registered once with the app under the
 * id `Step` (http/app.ts), so the validator is compiled once instead of once per nesting level; the depth
 * is bounded by normalization (MAX_STEP_DEPTH), which names the step that goes too deep.
 */
const StepCycle = Type.Cyclic({ Step: Type.Object({ ...stepFields, steps: opt(Type.Array(Type.Ref('Step'))) }, { ...closed, description: 'A step; a STEP_GROUP holds child steps' }) }, 'Step');
export const StepSchema = { ...StepCycle.$defs.Step, $id: 'Step' };
export type StepDocument = Static<typeof StepCycle>;
const StepRef = Type.Unsafe<StepDocument>(Type.Ref('Step'));

/** One earlier attempt of a test that the report retried (surefire rerunFailure, CTRF retryAttempts...). */
export const AttemptSchema = Type.Object({ result: InputResultSchema, message: opt(Text()), duration: opt(Millis), stackTrace: opt(Text()) }, closed);
export type AttemptDocument = Static<typeof AttemptSchema>;

/** What a test's runs say of one failure and its tool's classification (Allure's categories.json). */
const outcomeFields = {
  errorType: opt(Text(TEXT_LIMITS.errorType)),
  stackTrace: opt(Text()),
  /** Earlier attempts, oldest first; the case's own result is the final attempt. */
  attempts: opt(Type.Array(AttemptSchema)),
  /** True when the tool marked the test flaky, or it passed only after a retry. */
  flaky: opt(Type.Boolean()),
  /** The failure's category, e.g. "Product defects" (Allure's categories). */
  category: opt(Text(TEXT_LIMITS.title)),
  parameters: opt(Parameters),
};

/** A data set of a data-driven case; it may have been retried on its own. */
export const IterationSchema = Type.Object({ name: Text(TEXT_LIMITS.name), result: opt(InputResultSchema), message: opt(Text()), ...timed, ...outcomeFields, steps: opt(Type.Array(StepRef)) }, closed);
export type IterationDocument = Static<typeof IterationSchema>;

/** A label of a test (owner, severity, tag...): a name may repeat (two tags). */
export const LabelSchema = Type.Object({ name: Text(TEXT_LIMITS.short), value: Text(TEXT_LIMITS.errorType) }, closed);
export type LabelDocument = Static<typeof LabelSchema>;
/** A link of a test: an issue, a test management entry, a document. */
export const LinkSchema = Type.Object({ url: Text(2000), name: opt(Text(TEXT_LIMITS.title)), type: opt(Text(TEXT_LIMITS.short)) }, closed);
export type LinkDocument = Static<typeof LinkSchema>;

/** What a case says of itself, wherever it comes from: the document, an importer, the live API. */
export const caseFields = {
  name: Text(TEXT_LIMITS.name),
  result: opt(InputResultSchema),
  message: opt(Text()),
  ...timed,
  isDataDriven: opt(Type.Boolean()),
  isDisabled: opt(Type.Boolean()),
  /** What links this test across runs when its display name is not enough (e.g. JUnit classname + name). Default: suite name and case name. */
  identity: opt(Text(TEXT_LIMITS.name)),
  ...outcomeFields,
  systemOut: opt(Text()),
  systemErr: opt(Text()),
  /** Extra key/value facts (JUnit properties, CTRF tags, file, classname...). */
  properties: opt(StringMap),
  /** Labels, filterable by name in the query language (`owner:alice`, `tag@smoke#critical`). */
  labels: opt(Type.Array(LabelSchema, { maxItems: 500 })),
  links: opt(Type.Array(LinkSchema, { maxItems: 200 })),
};

export const CaseSchema = Type.Object({ ...caseFields, iterations: opt(Type.Array(IterationSchema)), steps: opt(Type.Array(StepRef)) }, closed);
export type CaseDocument = Static<typeof CaseSchema>;

export const DeviceConfigurationSchema = Type.Object(
  {
    title: opt(Text(TEXT_LIMITS.title)),
    osVersion: opt(Text(TEXT_LIMITS.short)),
    browser: opt(Text(TEXT_LIMITS.short)),
    browserVersion: opt(Text(TEXT_LIMITS.short)),
    resolution: opt(Text(TEXT_LIMITS.short)),
    platform: opt(Text(TEXT_LIMITS.short)),
    deviceName: opt(Text(TEXT_LIMITS.short)),
    hostName: opt(Text(TEXT_LIMITS.title)),
    osType: opt(Text(TEXT_LIMITS.short)),
  },
  closed,
);
export type DeviceConfigurationDocument = Static<typeof DeviceConfigurationSchema>;

const machineFields = { deviceConfiguration: opt(DeviceConfigurationSchema), appDetails: opt(Type.Record(Type.String(), Type.Unknown())) };

export const SuiteSchema = Type.Object({ name: Text(TEXT_LIMITS.name), ...timed, cases: Type.Array(CaseSchema) }, closed);
export type SuiteDocument = Static<typeof SuiteSchema>;
export const MachineSchema = Type.Object({ ...machineFields, ...timed, suites: Type.Array(SuiteSchema) }, closed);
export type MachineDocument = Static<typeof MachineSchema>;

const runFields = {
  /** Test plan name; the plan is created on first use within the workspace. */
  testPlan: Text(TEXT_LIMITS.title),
  buildNo: opt(Text(TEXT_LIMITS.title)),
  triggeredType: opt(enumOf(TRIGGERED_TYPES)),
  executor: opt(Text(TEXT_LIMITS.title)),
  /** Id of the run this one re-runs (a re-run chain: original -> rerun1 -> rerun2). */
  reRunParentId: opt(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  reRunType: opt(enumOf(RE_RUN_TYPES)),
  /** Free-form facts about the build: commit, branch, job URL, CI name... */
  environment: opt(StringMap),
};

export const RunDocumentSchema = Type.Object(
  {
    ...runFields,
    /** Idempotency key, unique within the plan: the same document sent again (a client's retry) finds the run it made, and changes nothing. */
    key: opt(Type.String({ minLength: 1, maxLength: TEXT_LIMITS.short })),
    ...timed,
    machines: Type.Array(MachineSchema),
  },
  { ...closed, $id: 'RunDocument', description: 'A whole run: plan, machines, suites, cases, steps' },
);
export type RunDocument = Static<typeof RunDocumentSchema>;

// The live API: the same fields, sent item by item with a client key (a retried request finds the same row).

export const LIVE_STATES = ['QUEUED', 'RUNNING', 'FINISHED'] as const;
export type LiveState = (typeof LIVE_STATES)[number];
const MAX_BATCH = 5000;
const Key = Type.String({ minLength: 1, maxLength: TEXT_LIMITS.short, description: 'Client-chosen key, unique within the run' });
const liveItem = { key: Key, state: opt(enumOf(LIVE_STATES)), ...timed };

// Labels, links, parameters and categories come with whole cases (documents, reports), not live patches.
const { labels: _labels, links: _links, parameters: _parameters, category: _category, ...liveCaseFields } = caseFields;
const { parameters: _stepParameters, ...liveStepFields } = stepFields;

export const LiveRunOpenSchema = Type.Object(
  { ...runFields, key: opt(Key), startTime: opt(Time) },
  { ...closed, description: 'Opening again with the same key returns the same run' },
);
export type LiveRunOpen = Static<typeof LiveRunOpenSchema>;

export const LiveBatchSchema = Type.Object(
  {
    machines: opt(Type.Array(Type.Object({ ...liveItem, ...machineFields }, closed), { maxItems: MAX_BATCH })),
    suites: opt(Type.Array(Type.Object({ ...liveItem, machineKey: Key, name: Text(TEXT_LIMITS.name) }, closed), { maxItems: MAX_BATCH })),
    /** `parentKey`: for an iteration, the key of its data-driven parent case. */
    cases: opt(Type.Array(Type.Object({ ...liveCaseFields, ...liveItem, suiteKey: Key, parentKey: opt(Key) }, closed), { maxItems: MAX_BATCH })),
    /** `parentKey`: the key of the enclosing step group. */
    steps: opt(Type.Array(Type.Object({ ...liveStepFields, ...liveItem, caseKey: Key, parentKey: opt(Key) }, closed), { maxItems: MAX_BATCH })),
  },
  { ...closed, description: `Items at any level, at most ${MAX_BATCH} per level. Results: ${RESULTS.join(', ')} (+ PASSED, FAILED, SKIPPED)` },
);
export type LiveBatch = Static<typeof LiveBatchSchema>;
export type LiveMachine = NonNullable<LiveBatch['machines']>[number];
export type LiveSuite = NonNullable<LiveBatch['suites']>[number];
export type LiveCase = NonNullable<LiveBatch['cases']>[number];
export type LiveStep = NonNullable<LiveBatch['steps']>[number];

export const LiveFinishSchema = Type.Object({ endTime: opt(Time) }, closed);
