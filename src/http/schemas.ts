/**
 * Request and response schemas shared by the routes (TypeBox -> JSON Schema for validation and OpenAPI).
 */
import { Type, type TNull, type TSchema, type TUnion } from 'typebox';
import { RESULTS, RE_RUN_TYPES, STEP_CONDITION_TYPES, STEP_PRIORITIES, STEP_TYPES, TRIGGERED_TYPES } from '../core/vocabulary.js';

/**
 * T or null, written as one multi-type schema (`type: [T, 'null']`, or an `enum` with null for a union of
 * literals) instead of `anyOf`: with type coercion on (Fastify's default, needed for query strings), an
 * `anyOf` lets the validator coerce a JSON null into "" or [null] while it tries the first branch.
 */
export function Nullable<T extends TSchema>(t: T): TUnion<[T, TNull]> {
  const schema = t as unknown as { type?: string; anyOf?: { const?: unknown }[] };
  if (typeof schema.type === 'string') return { ...t, type: [schema.type, 'null'] } as unknown as TUnion<[T, TNull]>;
  if (schema.anyOf?.every((branch) => 'const' in branch)) {
    const values = schema.anyOf.map((branch) => branch.const);
    return { type: [typeof values[0], 'null'], enum: [...values, null] } as unknown as TUnion<[T, TNull]>;
  }
  throw new Error('Nullable() takes a schema with one type, or a union of literals');
}
export const opt = <T extends TSchema>(t: T) => Type.Optional(Nullable(t));
const closed = { additionalProperties: false } as const;

export const InputResultSchema = Type.Union([...[...RESULTS, 'PASSED', 'FAILED', 'SKIPPED'].map((r) => Type.Literal(r))], {
  description: 'A result; PASSED, FAILED and SKIPPED are accepted as aliases (SKIPPED is stored as NOT_EXECUTED and counted in skippedCount)',
});
const Time = Type.String({ description: 'ISO-8601 time, e.g. 2024-05-29T07:29:19Z', maxLength: 40 });
const Millis = Type.Number({ minimum: 0, description: 'Milliseconds' });
const Text = (max = 1_000_000) => Type.String({ maxLength: max });
const StringMap = Type.Record(Type.String(), Type.String());

const timed = { startTime: opt(Time), endTime: opt(Time), duration: opt(Millis) };

/**
 * Steps nest as groups: one recursive schema (`$ref: 'Step'`), registered once with the app (app.ts), so
 * the validator is compiled once instead of once per nesting level. The nesting depth is bounded by
 * normalization (MAX_STEP_DEPTH), which names the step that goes too deep.
 */
export const StepSchema = Type.Object(
  {
    action: Text(10_000),
    type: opt(Type.Union(STEP_TYPES.map((t) => Type.Literal(t)))),
    priority: opt(Type.Union(STEP_PRIORITIES.map((t) => Type.Literal(t)))),
    result: opt(InputResultSchema),
    message: opt(Text()),
    errorCode: opt(Type.Integer()),
    errorType: opt(Text(200)),
    conditionType: opt(Type.Union(STEP_CONDITION_TYPES.map((t) => Type.Literal(t)))),
    ignoreResult: opt(Type.Boolean()),
    ...timed,
    steps: opt(Type.Array(Type.Ref('Step'))),
  },
  { ...closed, $id: 'Step', description: 'A step; a STEP_GROUP holds child steps' },
);
const StepRef = Type.Ref('Step');

const IterationSchema = Type.Object(
  { name: Text(1000), result: opt(InputResultSchema), message: opt(Text()), ...timed, steps: opt(Type.Array(StepRef)) },
  closed,
);

const AttemptSchema = Type.Object({ result: InputResultSchema, message: opt(Text()), duration: opt(Millis), stackTrace: opt(Text()) }, closed);

export const CaseSchema = Type.Object(
  {
    name: Text(10_000),
    result: opt(InputResultSchema),
    message: opt(Text()),
    ...timed,
    isDataDriven: opt(Type.Boolean()),
    isDisabled: opt(Type.Boolean()),
    iterations: opt(Type.Array(IterationSchema)),
    steps: opt(Type.Array(StepRef)),
    identity: opt(Text(10_000)),
    errorType: opt(Text(1000)),
    stackTrace: opt(Text()),
    systemOut: opt(Text()),
    systemErr: opt(Text()),
    attempts: opt(Type.Array(AttemptSchema)),
    flaky: opt(Type.Boolean()),
    properties: opt(StringMap),
  },
  closed,
);

export const DeviceConfigurationSchema = Type.Object(
  {
    title: opt(Text(500)),
    osVersion: opt(Text(200)),
    browser: opt(Text(200)),
    browserVersion: opt(Text(200)),
    resolution: opt(Text(200)),
    platform: opt(Text(200)),
    deviceName: opt(Text(200)),
    hostName: opt(Text(500)),
    osType: opt(Text(200)),
  },
  closed,
);

const SuiteSchema = Type.Object({ name: Text(10_000), ...timed, cases: Type.Array(CaseSchema) }, closed);
const MachineSchema = Type.Object(
  { deviceConfiguration: opt(DeviceConfigurationSchema), appDetails: opt(Type.Record(Type.String(), Type.Unknown())), ...timed, suites: Type.Array(SuiteSchema) },
  closed,
);

export const RunDocumentSchema = Type.Object(
  {
    testPlan: Text(500),
    buildNo: opt(Text(500)),
    triggeredType: opt(Type.Union(TRIGGERED_TYPES.map((t) => Type.Literal(t)))),
    executor: opt(Text(500)),
    ...timed,
    reRunParentId: opt(Type.Integer({ minimum: 1 })),
    reRunType: opt(Type.Union(RE_RUN_TYPES.map((t) => Type.Literal(t)))),
    environment: opt(StringMap),
    machines: Type.Array(MachineSchema),
  },
  { ...closed, $id: 'RunDocument', description: 'A whole run: plan, machines, suites, cases, steps' },
);

export const IdParam = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const ErrorBodySchema = Type.Object(
  {
    timeStamp: Nullable(Type.String()),
    error: Type.String(),
    code: Type.String(),
    fieldErrors: Nullable(Type.Array(Type.Object({ field: Type.String(), message: Type.String(), rejectedValue: Type.Optional(Type.Unknown()) }))),
    objectErrors: Nullable(Type.Array(Type.Unknown())),
    position: Type.Optional(Type.Integer({ description: 'INVALID_QUERY: 0-based offset of the problem in the percent-decoded query' })),
    length: Type.Optional(Type.Integer({ description: 'INVALID_QUERY: length of the span to underline' })),
    reason: Type.Optional(Type.String({ description: 'INVALID_QUERY: the detailed query error code, e.g. UNKNOWN_FIELD, INVALID_ENUM_VALUE (docs/query-language.md)' })),
  },
  { $id: 'ErrorBody', description: 'Every error: 400, 401, 404, 409, 413, 429, 500, 503' },
);
