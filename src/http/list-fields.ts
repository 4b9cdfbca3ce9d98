/**
 * What each list route lets a client filter (`query=`) and sort by: API name -> SQL column, per level
 * (reference.md §5.5). Column names come only from these tables, never from the request.
 *
 * Table aliases: `r` test_runs, `p` test_plans, `m` machine_results, `s` suite_results, `c` case_results,
 * `cs`/`cm` the suite and machine result of a case, `sm` the machine result of a suite, `st` step_results. A field that needs a joined table
 * names it in `join`; the list query joins it only when the filter or sort uses the field.
 */
import { RESULTS, RE_RUN_TYPES, RESULT_ALIASES, STATUSES, STEP_PRIORITIES, STEP_TYPES, TRIGGERED_TYPES } from '../core/vocabulary.js';
import { COUNTERS, type Counter } from '../core/counts.js';
import type { FieldSpec } from '../query/index.js';
import type { JoinName } from '../store/list-repository.js';
import { counterColumn } from '../store/metric-columns.js';

export type { JoinName };

/** A filterable (and sortable) field; `join` names the extra table it reads. */
export interface ListField extends FieldSpec {
  readonly join?: JoinName;
  /** Filterable but not sortable (long text). */
  readonly unsortable?: boolean;
}
export type ListFields = Readonly<Record<string, ListField>>;

const num = (column: string, nullable = false): ListField => ({ column, type: 'number', ...(nullable ? { nullable } : {}) });
const text = (column: string, nullable = false): ListField => ({ column, type: 'string', ...(nullable ? { nullable } : {}) });
const time = (column: string, nullable = true): ListField => ({ column, type: 'datetime', ...(nullable ? { nullable } : {}) });
const bool = (column: string): ListField => ({ column, type: 'boolean' });
const oneOf = (column: string, values: readonly string[], nullable = false): ListField => ({ column, type: 'enum', values, ...(nullable ? { nullable } : {}) });
const result = (column: string): ListField => ({ column, type: 'enum', values: RESULTS, aliases: RESULT_ALIASES });

/** result, status, times and duration: every result row has them. */
const resultFields = (a: string) => ({
  result: result(`${a}.result`),
  status: oneOf(`${a}.status`, STATUSES),
  startTime: time(`${a}.start_time`),
  endTime: time(`${a}.end_time`),
  duration: num(`${a}.duration`, true),
  reRunParentId: num(`${a}.re_run_parent_id`, true),
  createdDate: time(`${a}.created_at`, false),
  updatedDate: time(`${a}.updated_at`, false),
});

/** The `metrics` counters, as flat names (`totalCount`, `failedCount` ...). */
const countFields = (a: string) => ({
  ...(Object.fromEntries(COUNTERS.map((c) => [c, num(`${a}.${counterColumn(c)}`)])) as Record<Counter, ListField>),
  latestResult: result(`${a}.latest_result`),
  consolidatedDuration: num(`${a}.consolidated_duration`, true),
});

/** Consolidated (re-run chain) counters of runs (`consolidatedPlan…`), machines and suites (`consolidated…`). */
const consolidatedFields = (a: string, prefix: 'consolidatedPlan' | 'consolidated'): Record<string, ListField> =>
  Object.fromEntries(COUNTERS.filter((c) => c !== 'abortedCount').map((c) => [`${prefix}${c[0]!.toUpperCase()}${c.slice(1)}`, num(`${a}.c_${counterColumn(c)}`)]));

export const RUN_FIELDS = {
  id: num('r.id'),
  testPlanId: num('r.test_plan_id'),
  testPlanName: { ...text('p.name'), join: 'p' },
  buildNo: text('r.build_no', true),
  executor: text('r.executor', true),
  triggeredType: oneOf('r.triggered_type', TRIGGERED_TYPES),
  reRunType: oneOf('r.re_run_type', RE_RUN_TYPES, true),
  message: { ...text('r.message', true), unsortable: true },
  ...resultFields('r'),
  ...countFields('r'),
  ...consolidatedFields('r', 'consolidatedPlan'),
} as const satisfies ListFields;

export const MACHINE_FIELDS = {
  id: num('m.id'),
  testRunId: num('m.test_run_id'),
  testPlanResultId: num('m.test_run_id'),
  environmentName: text('m.title'),
  title: text('m.title'),
  targetMachine: text('m.host_name', true),
  hostName: text('m.host_name', true),
  osVersion: text('m.os_version', true),
  browser: text('m.browser', true),
  browserVersion: text('m.browser_version', true),
  resolution: text('m.resolution', true),
  platform: text('m.platform', true),
  deviceName: text('m.device_name', true),
  osType: text('m.os_type', true),
  position: num('m.position'),
  ...resultFields('m'),
  ...countFields('m'),
  ...consolidatedFields('m', 'consolidated'),
} as const satisfies ListFields;

export const SUITE_FIELDS = {
  id: num('s.id'),
  suiteId: num('s.suite_id'),
  testRunId: num('s.test_run_id'),
  testPlanResultId: num('s.test_run_id'),
  testMachineRunId: num('s.machine_result_id'),
  testDeviceResultId: num('s.machine_result_id'),
  suiteName: text('s.name'),
  name: text('s.name'),
  position: num('s.position'),
  ...resultFields('s'),
  ...countFields('s'),
  ...consolidatedFields('s', 'consolidated'),
} as const satisfies ListFields;

/** A label of a case (Allure's owner, severity, tag...): any of its values matches (case-labels table `l`). */
const label = (name: string): ListField => ({ column: 'l.value', type: 'string', nullable: true, unsortable: true, many: { table: 'case_labels as l', link: 'l.case_result_id', owner: 'c.id', key: ['l.name', name] } });

/** The labels a case list filters on, by the label's name (`owner:alice`, `tag@smoke#critical`, `severity!minor`). */
export const LABEL_FIELDS = ['owner', 'severity', 'epic', 'feature', 'story', 'tag', 'package', 'framework', 'language', 'layer', 'lead', 'host', 'thread', 'parentSuite', 'suite', 'subSuite', 'testClass', 'testMethod', 'ALLURE_ID'] as const;

export const CASE_FIELDS = {
  id: num('c.id'),
  testCaseId: num('c.test_case_id'),
  testCaseName: text('c.name'),
  name: text('c.name'),
  suiteId: num('c.suite_id'),
  suiteName: { ...text('cs.name'), join: 'cs' },
  testSuiteResultId: num('c.suite_result_id'),
  suiteResultId: num('c.suite_result_id'),
  testDeviceResultId: num('c.machine_result_id'),
  testMachineResultId: num('c.machine_result_id'),
  environmentResultId: num('c.machine_result_id'),
  environmentName: { ...text('cm.title'), join: 'cm' },
  testRunId: num('c.test_run_id'),
  testPlanResultId: num('c.test_run_id'),
  isDataDriven: bool('c.is_data_driven'),
  isDisabled: bool('c.is_disabled'),
  iteration: num('c.iteration', true),
  parentId: num('c.parent_id', true),
  dataSetName: text('c.data_set_name', true),
  testDataSetName: text('c.data_set_name', true),
  message: { ...text('c.message', true), unsortable: true },
  errorType: text('c.error_type', true),
  skipped: bool('c.skipped'),
  flaky: bool('c.flaky'),
  category: text('c.category', true),
  position: num('c.position'),
  ...resultFields('c'),
  ...countFields('c'),
  ...(Object.fromEntries(LABEL_FIELDS.map((name) => [name, label(name)])) as Record<(typeof LABEL_FIELDS)[number], ListField>),
} as const satisfies ListFields;

export const STEP_FIELDS = {
  id: text('st.id'),
  stepId: num('st.step_id'),
  testCaseId: num('st.test_case_id'),
  testCaseResultId: num('st.case_result_id'),
  testMachineResultId: num('st.machine_result_id'),
  parentStepResultId: text('st.parent_step_result_id', true),
  type: oneOf('st.type', STEP_TYPES),
  action: { ...text('st.action'), unsortable: true },
  message: { ...text('st.message', true), unsortable: true },
  result: result('st.result'),
  priority: oneOf('st.priority', STEP_PRIORITIES),
  errorCode: num('st.error_code', true),
  errorType: text('st.error_type', true),
  skipped: bool('st.skipped'),
  depth: num('st.depth'),
  position: num('st.position'),
  startTime: time('st.start_time'),
  endTime: time('st.end_time'),
  duration: num('st.duration', true),
} as const satisfies ListFields;

/** Every field but long text can be sorted by, with the same name. */
export function sortableOf(fields: ListFields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, f]) => !f.unsortable).map(([name, f]) => [name, f.column]));
}
