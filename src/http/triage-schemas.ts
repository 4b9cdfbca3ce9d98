/** Response schemas of the triage routes (routes/triage-routes.ts). */
import { Type } from 'typebox';
import { Nullable } from '../core/schema.js';
import { RESULTS } from '../core/vocabulary.js';

const Result = Type.Unsafe<string>({ type: 'string', enum: [...RESULTS] });

const CaseRef = Type.Object({
  id: Type.Integer({ description: 'The case result id' }),
  testCaseId: Type.Integer(),
  name: Type.String(),
  suiteName: Type.String(),
  machineTitle: Type.String(),
  message: Nullable(Type.String()),
});

export const FailureGroupBody = Type.Object({
  fingerprint: Type.String({ description: 'What groups the failures: error type + masked message + top frame, hashed' }),
  errorType: Nullable(Type.String()),
  message: Nullable(Type.String({ description: "The first case's own message" })),
  normalizedMessage: Type.String({ description: 'The message with numbers, ids, times and paths masked' }),
  topFrame: Nullable(Type.String({ description: 'The top stack frame that is not a test framework or the runtime' })),
  count: Type.Integer(),
  firstSeenRunId: Type.Integer({ description: 'The first run of the plan with this cause' }),
  new: Type.Boolean({ description: 'First seen in this run' }),
  cases: Type.Array(CaseRef),
});

const Compared = Type.Object({ id: Type.Integer(), testCaseId: Type.Integer(), name: Type.String(), suiteName: Type.String(), machineTitle: Type.String(), result: Result, duration: Nullable(Type.Integer()), message: Nullable(Type.String()) });

export const ComparisonBody = Type.Object({
  testRunId: Type.Integer(),
  baseRunId: Nullable(Type.Integer({ description: 'null when the plan has no earlier finished run' })),
  newFailures: Type.Array(Compared, { description: 'Failed now; passed, skipped or absent in the base' }),
  fixed: Type.Array(Compared, { description: 'Failed in the base, passed now' }),
  stillFailing: Type.Array(Compared),
  added: Type.Array(Compared, { description: 'In this run, not in the base' }),
  removed: Type.Array(Compared, { description: 'In the base, not in this run' }),
  slower: Type.Array(Type.Object({ current: Compared, baseDuration: Type.Integer(), factor: Type.Number() }), { description: 'At least twice as slow and at least 1 s slower' }),
});

export const QuarantineBody = Type.Object({
  testCaseId: Type.Integer(),
  name: Type.String(),
  reason: Type.String(),
  until: Nullable(Type.String({ description: 'When the quarantine ends by itself; null: until released' })),
  active: Type.Boolean(),
  createdDate: Type.String(),
});
