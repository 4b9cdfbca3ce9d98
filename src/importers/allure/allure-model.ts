/**
 * The JSON Allure adapters write (allure-js-commons `model.ts`, Allure 2 `TestResult`), read loosely: any
 * field may be missing or of another type, so every reader below checks what it takes.
 */
export interface AllureAttachment {
  name?: unknown;
  source?: unknown;
  type?: unknown;
}

export interface AllureParameter {
  name?: unknown;
  value?: unknown;
  excluded?: unknown;
  mode?: unknown;
}

/** A step, a fixture (container `befores`/`afters`) and a test result share this executable shape. */
export interface AllureStep {
  name?: unknown;
  status?: unknown;
  statusDetails?: { message?: unknown; trace?: unknown; actual?: unknown; expected?: unknown; flaky?: unknown } | null;
  stage?: unknown;
  steps?: unknown;
  attachments?: unknown;
  parameters?: unknown;
  start?: unknown;
  stop?: unknown;
}

export interface AllureResult extends AllureStep {
  uuid?: unknown;
  historyId?: unknown;
  testCaseId?: unknown;
  fullName?: unknown;
  titlePath?: unknown;
  labels?: unknown;
  links?: unknown;
  description?: unknown;
  descriptionHtml?: unknown;
}

export interface AllureContainer {
  uuid?: unknown;
  name?: unknown;
  children?: unknown;
  befores?: unknown;
  afters?: unknown;
}

export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as T[]) : []);

/** Allure's status, lower-cased; anything else (`unknown`, missing) is null. */
export function statusOf(step: AllureStep): 'passed' | 'failed' | 'broken' | 'skipped' | null {
  const s = typeof step.status === 'string' ? step.status.toLowerCase() : '';
  return s === 'passed' || s === 'failed' || s === 'broken' || s === 'skipped' ? s : null;
}

export function labelsOf(result: AllureResult): { name: string; value: string }[] {
  return list<{ name?: unknown; value?: unknown }>(result.labels)
    .map((l) => ({ name: str(l.name), value: typeof l.value === 'string' ? l.value : l.value == null ? null : String(l.value) }))
    .filter((l): l is { name: string; value: string } => l.name !== null && l.value !== null);
}

export const labelValue = (labels: readonly { name: string; value: string }[], name: string) => labels.find((l) => l.name === name && l.value.trim())?.value.trim();

/** Parameters deduped by name (allure-vitest repeats them once per merged attempt), as written. */
export function parametersOf(step: AllureStep): { name: string; value: string; excluded: boolean; mode: string }[] {
  const seen = new Set<string>();
  const out: { name: string; value: string; excluded: boolean; mode: string }[] = [];
  for (const p of list<AllureParameter>(step.parameters)) {
    const name = str(p.name);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, value: p.value == null ? '' : String(p.value), excluded: p.excluded === true, mode: typeof p.mode === 'string' ? p.mode : 'default' });
  }
  return out;
}

/**
 * What tells two runs of one test apart (Allure's `historyId` rule, computed rather than trusted: jest omits
 * it on skipped tests, vitest computes it over duplicated parameters): `testCaseId`, else `fullName`, else
 * the name; and the non-excluded parameters sorted by name. Masked and hidden values count, as in Allure;
 * the key stays in memory and is never stored.
 */
export function testKeyOf(result: AllureResult): { test: string; data: string } {
  const test = str(result.testCaseId) ?? str(result.fullName) ?? str(result.name) ?? `uuid:${String(result.uuid)}`;
  const data = parametersOf(result)
    .filter((p) => !p.excluded)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => `${p.name}\u0001${p.value}`)
    .join('\u0000');
  return { test, data };
}
