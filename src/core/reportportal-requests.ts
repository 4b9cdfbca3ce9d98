/**
 * The ReportPortal reporting API's request bodies, as agents send them (test/fixtures/reportportal/
 * README.md lists every field seen). Open objects: agents add fields of their own (`retry_of`,
 * `uniqueId`...) and ReportPortal ignores what it does not know, so Verdict does too.
 */
import { Type, type Static } from 'typebox';
import { opt } from './schema.js';

const open = { additionalProperties: true } as const;
const Str = (maxLength = 1_000_000) => Type.String({ maxLength });
/** Epoch milliseconds (a number, as the JS agents send) or ISO-8601 with any fraction and offset (`+0000`, `Z`). */
// One multi-type schema, not a union: with type coercion on, the validator leaves a value of any listed type as it is.
const RpTime = Type.Unsafe<number | string | null>({ type: ['number', 'string', 'null'], maxLength: 64, description: 'Epoch ms, or ISO-8601 (e.g. 2026-01-02T03:04:05.123456+0000)' });
const Uuid = Type.String({ minLength: 1, maxLength: 200 });

export const RpAttributeSchema = Type.Object({ key: opt(Str(1000)), value: opt(Str(10_000)), system: opt(Type.Boolean()) }, open);
export type RpAttribute = Static<typeof RpAttributeSchema>;
const Attributes = Type.Array(RpAttributeSchema, { maxItems: 1000 });

export const RpLaunchStartSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 10_000 }), startTime: Type.Optional(RpTime), description: opt(Str()), attributes: opt(Attributes), mode: opt(Str(40)), rerun: opt(Type.Boolean()), rerunOf: opt(Uuid), uuid: opt(Uuid) },
  { ...open, description: 'A launch: a Verdict run of the plan named by `name`' },
);
export type RpLaunchStart = Static<typeof RpLaunchStartSchema>;

export const RpLaunchFinishSchema = Type.Object({ endTime: Type.Optional(RpTime), status: opt(Str(40)), description: opt(Str()), attributes: opt(Attributes) }, open);
export type RpLaunchFinish = Static<typeof RpLaunchFinishSchema>;

export const RpItemStartSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 10_000 }),
    launchUuid: Uuid,
    startTime: Type.Optional(RpTime),
    type: opt(Str(40)),
    description: opt(Str()),
    attributes: opt(Attributes),
    codeRef: opt(Str(10_000)),
    parameters: opt(Type.Array(Type.Object({ key: opt(Str(1000)), value: opt(Str(10_000)) }, open), { maxItems: 1000 })),
    testCaseId: opt(Str(10_000)),
    uniqueId: opt(Str(10_000)),
    retry: opt(Type.Boolean()),
    retryOf: opt(Uuid),
    /** client-javascript 5.6 spells it this way. */
    retry_of: opt(Uuid),
    hasStats: opt(Type.Boolean()),
    uuid: opt(Uuid),
  },
  { ...open, description: 'A test item: a suite, a test case or a step, depending on where it sits (docs/reportportal.md)' },
);
export type RpItemStart = Static<typeof RpItemStartSchema>;

export const RpItemFinishSchema = Type.Object(
  {
    endTime: Type.Optional(RpTime),
    launchUuid: opt(Uuid),
    status: opt(Str(40)),
    issue: opt(Type.Object({ issueType: opt(Str(200)), comment: opt(Str()) }, open)),
    description: opt(Str()),
    attributes: opt(Attributes),
    testCaseId: opt(Str(10_000)),
  },
  open,
);
export type RpItemFinish = Static<typeof RpItemFinishSchema>;

export const RpLogSchema = Type.Object(
  { launchUuid: opt(Uuid), itemUuid: opt(Uuid), time: Type.Optional(RpTime), message: opt(Str()), level: opt(Str(40)), file: opt(Type.Object({ name: opt(Str(1000)) }, open)), uuid: opt(Uuid) },
  { ...open, description: 'A log line of an item (or of the launch, without itemUuid)' },
);
export type RpLog = Static<typeof RpLogSchema>;
