/**
 * The enums of the results API (reference.md §2), as literal unions.
 * Order matters for RESULTS: it is the ResultConstant ordinal order of the original API.
 */
export const RESULTS = ['SUCCESS', 'FAILURE', 'ABORTED', 'NOT_EXECUTED', 'QUEUED', 'STOPPED'] as const;
export type Result = (typeof RESULTS)[number];

/** Accepted in filters and ingestion documents; never emitted. */
export const RESULT_ALIASES = { PASSED: 'SUCCESS', FAILED: 'FAILURE' } as const satisfies Record<string, Result>;

export const STATUSES = [
  'STATUS_CREATED',
  'STATUS_QUEUED',
  'STATUS_PRE_FLIGHT',
  'STATUS_IN_PROGRESS',
  'STATUS_COMPLETED',
] as const;
export type Status = (typeof STATUSES)[number];

export const TRIGGERED_TYPES = ['MANUAL', 'SCHEDULED', 'API'] as const;
export type TriggeredType = (typeof TRIGGERED_TYPES)[number];

export const RE_RUN_TYPES = [
  'NONE',
  'ALL_TESTS',
  'ONLY_FAILED_TESTS',
  'ALL_ITERATIONS',
  'ONLY_FAILED_ITERATIONS',
  'ONLY_FAILED_ITERATIONS_IN_FAILED_TESTS',
  'USER_PICKED',
] as const;
export type ReRunType = (typeof RE_RUN_TYPES)[number];

export const STEP_TYPES = [
  'NOT_USED',
  'ACTION_TEXT',
  'STEP_GROUP',
  'REST_STEP',
  'FOR_LOOP',
  'WHILE_LOOP',
  'BREAK_LOOP',
  'CONTINUE_LOOP',
  'NLP_TEXT',
  'CUSTOM_FUNCTION',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const STEP_CONDITION_TYPES = [
  'NOT_USED',
  'CONDITION_IF',
  'CONDITION_IFNOT',
  'CONDITION_ELSE_IF',
  'CONDITION_ELSE_IFNOT',
  'CONDITION_ELSE',
  'LOOP_FOR',
  'LOOP_WHILE',
] as const;
export type StepConditionType = (typeof STEP_CONDITION_TYPES)[number];

export const STEP_PRIORITIES = ['MAJOR', 'MINOR'] as const;
export type StepPriority = (typeof STEP_PRIORITIES)[number];

/** errorCode -> errorType, from the automator's ErrorCodes enum (reference.md §2). */
export const ERROR_TYPES_BY_CODE: Readonly<Record<number, string>> = {
  1000000: 'GENERIC_ERROR',
  1000001: 'ASSERT_ERROR',
  1010000: 'WEBDRIVER_EXCEPTION',
  1010100: 'ELEMENT_TIMEOUT',
  1010200: 'UNREACHABLE_BROWSER',
  1010300: 'NO_SUCH_SESSION_EXCEPTION',
  1010400: 'UNSUPPORTED_COMMAND_EXCEPTION',
  1020100: 'NOT_FOUND_EXCEPTION',
  1020200: 'NO_SUCH_ELEMENT',
  1020300: 'INVALID_SELECTOR',
  1020400: 'NO_ALERT_PRESENT_EXCEPTION',
  1030100: 'ELEMENT_NOT_VISIBLE',
  1030200: 'ELEMENT_CLICK_INTERCEPTED_EXCEPTION',
  1060000: 'STALE_ELEMENT_EXCEPTION',
  1070000: 'UNHANDLED_ALERT_EXCEPTION',
  1080000: 'AUTOMATOR_EXCEPTION',
  1080100: 'ELEMENT_NOT_DISPLAYED',
  1090000: 'GENERAL_EXCEPTION',
  1100000: 'PAGE_ELEMENT_LOAD_TIMEOUT',
  1100001: 'PRESS_INVALID_ARGUMENT',
  1100002: 'CHECK_BOX_VALIDATION',
  1100003: 'PRESS_INVALID_OPERATION',
  400: 'HTTP_BAD_REQUEST',
  401: 'HTTP_UNAUTHORIZED',
  403: 'HTTP_FORBIDDEN',
  404: 'HTTP_NOT_FOUND',
  407: 'HTTP_PROXY_AUTHENTICATION_REQUIRED',
  500: 'HTTP_INTERNAL_SERVER_ERROR',
  4000: 'HTTP_GENERIC_CLIENT_SIDE_ERROR',
  5000: 'HTTP_GENERIC_SERVER_SIDE_ERROR',
};

/** The message the original automator gives steps skipped after a failed MAJOR step (note the space). */
export const MAJOR_STEP_FAILED_MESSAGE = 'Major Test step failed .';
