/**
 * Row types of every table: the single source of truth for the store (one `Database` interface).
 * Every table carries `workspace_id`, so the data can be distributed by tenant.
 * Times are epoch milliseconds (UTC); booleans are 0/1 integers on both databases; JSON is text.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ConsolidatedCountColumn, CountColumn } from './metric-columns.js';
import type { WarningCode } from '../core/import-warnings.js';
import type { ReRunType, Result, Status, StepConditionType, StepPriority, StepType, TriggeredType } from '../core/vocabulary.js';

type Bool = 0 | 1;

export interface WorkspaceTable {
  id: number;
  name: string;
  created_at: number;
}

export interface ApiKeyTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  /** SHA-256 of the key, hex. The key itself is never stored. */
  key_hash: string;
  /** First characters of the key, to tell keys apart in listings. */
  key_prefix: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** Stable identities: what links results across runs. */
export interface TestPlanTable {
  id: number;
  workspace_id: number;
  name: string;
  created_at: number;
}

export interface TestSuiteTable {
  id: number;
  workspace_id: number;
  name: string;
}

export interface TestCaseTable {
  id: number;
  workspace_id: number;
  /** Identity key: by default `suite name::case name`; importers may give a stronger one. */
  identity: string;
  name: string;
}

export interface TestStepTable {
  id: number;
  workspace_id: number;
  test_case_id: number;
  /** Position path within the case ("3", "2.1"). */
  path_key: string;
  action: string;
}

/** The counters shared by run, machine and suite rows (from core/counts.ts); `c_` are the consolidated (re-run chain) ones. */
export type MetricColumns = Record<CountColumn | ConsolidatedCountColumn, number> & {
  metrics_id: number;
  metrics_duration: number | null;
  consolidated_duration: number | null;
  latest_result: Result;
};

interface ResultColumns {
  result: Result;
  status: Status;
  start_time: number | null;
  end_time: number | null;
  duration: number | null;
  re_run_parent_id: number | null;
  /** Client-supplied key (live API), unique within the run: a retried request finds the same row. */
  client_key: string | null;
  created_at: number;
  updated_at: number;
}

export type TestRunTable = ResultColumns & MetricColumns & {
  id: number;
  workspace_id: number;
  test_plan_id: number;
  build_no: string | null;
  executor: string | null;
  triggered_type: TriggeredType;
  re_run_type: ReRunType | null;
  message: string | null;
  /** JSON object: commit, branch, CI job URL... */
  environment: string | null;
};

export type MachineResultTable = ResultColumns & MetricColumns & {
  id: number;
  workspace_id: number;
  test_run_id: number;
  position: number;
  title: string;
  os_version: string | null;
  browser: string | null;
  browser_version: string | null;
  resolution: string | null;
  platform: string | null;
  device_name: string | null;
  host_name: string | null;
  os_type: string | null;
  app_details: string | null;
};

export type SuiteResultTable = ResultColumns & MetricColumns & {
  id: number;
  workspace_id: number;
  test_run_id: number;
  machine_result_id: number;
  suite_id: number;
  position: number;
  name: string;
  /** A report ended inside this suite (cut off mid-write): it is ABORTED whatever its cases say. */
  truncated: Bool;
  /** Why, for a truncated suite: where the file ended and how much was read. */
  message: string | null;
};

export type CaseResultTable = ResultColumns & {
  id: number;
  workspace_id: number;
  test_run_id: number;
  machine_result_id: number;
  suite_result_id: number;
  suite_id: number;
  test_case_id: number;
  /** Iteration rows point at their data-driven parent. */
  parent_id: number | null;
  iteration: number | null;
  data_set_name: string | null;
  position: number;
  name: string;
  message: string | null;
  skipped: Bool;
  is_data_driven: Bool;
  is_disabled: Bool;
  flaky: Bool;
  error_type: string | null;
  stack_trace: string | null;
  system_out: string | null;
  system_err: string | null;
  /** JSON array of earlier attempts. */
  attempts: string | null;
  /** JSON object. */
  properties: string | null;
  /** The failure's category (Allure's categories.json). */
  category: string | null;
  /** JSON array of {url, name, type}. */
  links: string | null;
  /** JSON array of {name, value, masked, excluded}; a masked parameter has no value. */
  parameters: string | null;
  /** Whether the result was given (kept on live updates) or derived from steps/iterations. */
  result_given: Bool;
  /** A failed case's cause, as core/fingerprint.ts computes it; null for the others. */
  fingerprint: string | null;
  metrics_id: number;
  latest_result: Result;
  consolidated_duration: number | null;
} & Record<CountColumn, number>;

export interface StepResultTable {
  /** UUID. */
  id: string;
  workspace_id: number;
  test_run_id: number;
  machine_result_id: number;
  case_result_id: number;
  test_case_id: number;
  step_id: number;
  /** Step-group parent, null for top-level steps. */
  parent_step_result_id: string | null;
  position: number;
  depth: number;
  type: StepType;
  action: string;
  priority: StepPriority;
  result: Result;
  skipped: Bool;
  message: string | null;
  error_code: number | null;
  error_type: string | null;
  condition_type: StepConditionType;
  ignore_result: Bool;
  /** JSON array, as on case_results. */
  parameters: string | null;
  start_time: number | null;
  end_time: number | null;
  duration: number | null;
  client_key: string | null;
  created_at: number;
}

/** A case's labels (Allure's owner, severity, tag...): one row per name and value, filterable. */
export interface CaseLabelTable {
  workspace_id: number;
  test_run_id: number;
  case_result_id: number;
  name: string;
  value: string;
}

/** An import stored in a run, by the hash of its content (so a re-sent shard is recognised). */
export interface ImportShardTable {
  id: number;
  workspace_id: number;
  test_run_id: number;
  content_hash: string;
  cases: number;
  /** JSON array: the files' names, formats and case counts. */
  files: string;
  created_at: number;
}

/** An attachment of a case or step; its bytes are in the blob store under `blob_key`. */
export interface AttachmentTable {
  /** UUID v7. */
  id: string;
  workspace_id: number;
  test_run_id: number;
  case_result_id: number | null;
  step_result_id: string | null;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  blob_key: string;
  /** The client's own id for it (a log's file name, an Allure source): sent again, it is not stored twice. */
  client_key: string | null;
  created_at: number;
}

/** A plan's trigger hook. Header and secret values are sealed together (auth/secret-box.ts); only their names are in clear. */
export interface TriggerHookTable {
  test_plan_id: number;
  workspace_id: number;
  /** May hold placeholders (core/trigger-hook.ts). */
  url: string;
  method: string;
  /** JSON arrays of names. */
  header_names: string;
  secret_names: string;
  /** Sealed JSON `{headers, secrets}`. */
  sealed: string;
  /** JSON body template, or null for no body. */
  body: string | null;
  timeout_minutes: number | null;
  created_at: number;
  updated_at: number;
}

/**
 * ReportPortal's item tree (launch, items, logs by UUID) and the Verdict rows each item wrote: a resent
 * start or log finds what it stored, a child its parent. `kind` says what the item became in Verdict.
 */
export interface RpItemTable {
  workspace_id: number;
  /** The UUID the client gave or Verdict made; a log's is `log:` and the hash of its content. */
  uuid: string;
  kind: RpItemKind;
  launch_uuid: string;
  /** The parent item; null for the launch and for root items. */
  parent_uuid: string | null;
  name: string | null;
  item_type: string | null;
  /** Suite nodes and cases: the suite path they sit in (`Cart › Coupons`), null at the root. */
  suite_path: string | null;
  /** Steps: their path within the case (`open checkout › pay`). */
  step_path: string | null;
  /** Cases: what finds the first attempt of a retry (testCaseId, else codeRef, else name). */
  test_key: string | null;
  /** SHA-256 of a start sent without a UUID, so the same start resent finds its item. */
  start_hash: string | null;
  test_run_id: number | null;
  case_result_id: number | null;
  /** Steps: the case attempt they belong to; cases: themselves. */
  case_uuid: string | null;
  /** The client key of the Verdict row the item writes (the case row's, or the step's own). */
  verdict_key: string | null;
  attempt: number | null;
  /** A case attempt a retry has replaced. */
  superseded: Generated<Bool>;
  /** Stat-bearing children were started under it. */
  has_children: Generated<Bool>;
  /** Nested (hasStats=false) children were started under it. */
  has_steps: Generated<Bool>;
  /** The launch's own start arrived (not only its items). */
  started: Generated<Bool>;
  finished: Generated<Bool>;
  status: string | null;
  /** The first error-level log of the item: a failure's message. */
  first_error: string | null;
  start_time: number | null;
  created_at: number;
  updated_at: number;
}

/** A triggered run: when it stops waiting for results, and what its hook answered (hook_* null when the plan had none). */
export interface RunTriggerTable {
  test_run_id: number;
  workspace_id: number;
  triggered_at: number;
  timeout_minutes: number;
  timeout_at: number;
  hook_called_at: number | null;
  hook_duration: number | null;
  hook_status: number | null;
  hook_error: string | null;
}

/** A test in quarantine: its failures are counted apart until `until` (null: until removed). */
export interface QuarantineTable {
  workspace_id: number;
  test_case_id: number;
  reason: string;
  until: number | null;
  created_at: number;
  updated_at: number;
}

/** What an importer tolerated to read a report of an import shard (importers/importer.ts WARNING_CODES). */
export interface ImportWarningTable {
  id: number;
  workspace_id: number;
  test_run_id: number;
  import_shard_id: number;
  file: string;
  code: WarningCode;
  message: string;
  line_no: number | null;
  column_no: number | null;
  created_at: number;
}

/** A finished run, recorded in the transaction that finished it: the outbox webhooks are fanned out from. */
export interface RunEventTable {
  id: number;
  workspace_id: number;
  test_run_id: number;
  kind: string;
  at: number;
  /** 1 once its webhook deliveries were queued. */
  dispatched: 0 | 1;
}

export interface WebhookTable {
  id: number;
  workspace_id: number;
  url: string;
  /** JSON array of event names. */
  events: string;
  format: 'json' | 'slack';
  /** The signing secret, sealed (auth/secret-box.ts): it signs every delivery, so it is kept, never shown again. */
  secret_sealed: string;
  created_at: number;
}

export interface WebhookDeliveryTable {
  id: number;
  workspace_id: number;
  webhook_id: number;
  test_run_id: number;
  event: string;
  /** The JSON body, as signed. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

/** Keep N days and/or N runs; `test_plan_id` 0 is the workspace's default. */
export interface RetentionPolicyTable {
  workspace_id: number;
  test_plan_id: number;
  keep_days: number | null;
  keep_runs: number | null;
  updated_at: number;
}

export const RP_ITEM_KINDS = ['launch', 'suite', 'case', 'step', 'detached', 'log'] as const;
export type RpItemKind = (typeof RP_ITEM_KINDS)[number];

/** A web UI session: its id is a secret held in the browser's cookie, stored here only as SHA-256. */
export interface SessionTable {
  id_hash: string;
  workspace_id: number;
  /** The key signed in with; revoking it ends the session. */
  api_key_id: number;
  created_at: number;
  /** Slides on with use, never past `created_at` + the absolute lifetime. */
  expires_at: number;
}

export interface Database {
  workspaces: WorkspaceTable;
  api_keys: ApiKeyTable;
  test_plans: TestPlanTable;
  test_suites: TestSuiteTable;
  test_cases: TestCaseTable;
  test_steps: TestStepTable;
  test_runs: TestRunTable;
  machine_results: MachineResultTable;
  suite_results: SuiteResultTable;
  case_results: CaseResultTable;
  step_results: StepResultTable;
  import_shards: ImportShardTable;
  attachments: AttachmentTable;
  trigger_hooks: TriggerHookTable;
  run_triggers: RunTriggerTable;
  quarantines: QuarantineTable;
  import_warnings: ImportWarningTable;
  run_events: RunEventTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  retention_policies: RetentionPolicyTable;
  case_labels: CaseLabelTable;
  rp_items: RpItemTable;
  sessions: SessionTable;
}

export type Json = ColumnType<string, string, string>;
