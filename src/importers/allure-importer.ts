/**
 * Allure results: the `allure-results/` directory every Allure adapter writes, read as a whole.
 *
 * The files refer to each other: a container's `children` name result uuids, results and steps name
 * attachment files by `source`, and the results of one test (retries, parameter sets) are separate files
 * in no order. Memory stays bounded by reading in two passes: the first keeps a small index entry per
 * result (its test key, parameter key and start) and the containers' fixtures by child uuid; the second
 * reads one test's results again, builds its case (allure/allure-case.ts) and lets it go. Attachments are
 * never read here: cases name them (`AttachmentRef.source`) and the caller stores the bytes.
 * See docs/importing.md, "Allure results".
 */
import { ImportError, type DirectoryImporter, type ImportEvent, type ReportDirectory, type SuiteInfo } from './importer.js';
import { buildCase, suiteNameOf, type Fixtures } from './allure/allure-case.js';
import { list, num, str, labelsOf, labelValue, testKeyOf, type AllureContainer, type AllureResult, type AllureStep } from './allure/allure-model.js';
import { compileCategories, type CategoryRule } from './allure/categories.js';
import { parseEnvironmentXml, parseProperties } from './allure/properties.js';

const RESULT = /(?:^|\/)[^/]+-result\.json$/;
const CONTAINER = /(?:^|\/)[^/]+-container\.json$/;
const ATTACHMENT = /(?:^|\/)[^/]+-attachment(?:\.[^/]*)?$/;
const EXTRA = /(?:^|\/)(?:executor\.json|categories\.json|environment\.properties|environment\.xml|[^/]+-globals\.json)$/;
const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/** An attachment file of an Allure directory (its bytes are kept as they are, never decoded). */
export const isAllureAttachment = (name: string) => ATTACHMENT.test(name);

interface Indexed {
  file: string;
  test: string;
  data: string;
  start: number;
}

export const allureImporter: DirectoryImporter = {
  format: 'allure',
  owns: (name) => RESULT.test(name) || CONTAINER.test(name) || ATTACHMENT.test(name) || EXTRA.test(name),
  async detect(names, head) {
    for (const name of names.filter((n) => RESULT.test(n)).slice(0, 3)) {
      const text = await head(name);
      if (/^\s*\{/.test(text) && /"(?:uuid|historyId|testCaseId|fullName|statusDetails)"\s*:/.test(text)) return true;
    }
    return false;
  },
  parse: parseAllure,
};

async function* parseAllure(dir: ReportDirectory): AsyncGenerator<ImportEvent> {
  const names = [...dir.names].sort();
  const readJson = async (name: string): Promise<unknown> => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await dir.read(name));
    } catch {
      throw new ImportError('not valid UTF-8', name);
    }
    try {
      return JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new ImportError(`malformed JSON: ${(e as Error).message}`, name);
    }
  };
  const readText = async (name: string) => new TextDecoder('utf-8').decode(await dir.read(name)).replace(/^\uFEFF/, '');
  const named = (file: string) => names.filter((n) => baseName(n) === file);

  // The directory's own facts: CI build (executor.json), environment, categories.
  const environment: Record<string, string> = {};
  for (const f of named('environment.properties')) Object.assign(environment, parseProperties(await readText(f)));
  for (const f of named('environment.xml')) Object.assign(environment, parseEnvironmentXml(await readText(f)));
  let categories: CategoryRule[] = [];
  for (const f of named('categories.json')) categories = compileCategories(await readJson(f));
  const executor = named('executor.json').length ? ((await readJson(named('executor.json')[0]!)) as Record<string, unknown>) : {};
  const build = num(executor.buildOrder) !== null ? String(executor.buildOrder) : (str(executor.buildOrder) ?? str(executor.buildName));
  const ci = { ci: str(executor.name), jobUrl: str(executor.buildUrl), buildName: str(executor.buildName), reportName: str(executor.reportName), reportUrl: str(executor.reportUrl), executorUrl: str(executor.url) };
  for (const [k, v] of Object.entries(ci)) if (v) environment[k] ??= v;

  // Pass 1: the containers' fixtures by child, and an index of the results.
  const fixtures = new Map<string, { befores: AllureStep[]; afters: AllureStep[] }[]>();
  for (const name of names.filter((n) => CONTAINER.test(n))) {
    const c = (await readJson(name)) as AllureContainer;
    if (!c || typeof c !== 'object') continue;
    const own = { befores: list<AllureStep>(c.befores), afters: list<AllureStep>(c.afters) };
    if (!own.befores.length && !own.afters.length) continue;
    const children = Array.isArray(c.children) ? c.children.filter((x): x is string => typeof x === 'string') : [];
    for (const child of new Set(children)) fixtures.set(child, [...(fixtures.get(child) ?? []), own]);
  }
  const index: Indexed[] = [];
  let host: string | undefined;
  for (const file of names.filter((n) => RESULT.test(n))) {
    const r = (await readJson(file)) as AllureResult;
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new ImportError('not an Allure test result (expected a JSON object)', file);
    host ??= labelValue(labelsOf(r), 'host');
    index.push({ file, ...testKeyOf(r), start: num(r.start) ?? 0 });
  }
  yield { kind: 'run', environment, buildNo: build, executor: str(executor.name), machine: { deviceConfiguration: { hostName: host ?? str(executor.name) ?? undefined } } };

  // Pass 2: one test at a time, in the order they started; its parameter sets likewise.
  const tests = new Map<string, Map<string, Indexed[]>>();
  for (const entry of index) {
    const sets = tests.get(entry.test) ?? tests.set(entry.test, new Map()).get(entry.test)!;
    sets.set(entry.data, [...(sets.get(entry.data) ?? []), entry]);
  }
  const firstStart = (entries: Iterable<Indexed>) => Math.min(...[...entries].map((e) => e.start));
  const ordered = [...tests.values()].map((sets) => ({ sets: [...sets.values()].map((s) => s.sort((a, b) => a.start - b.start || (a.file < b.file ? -1 : 1))), start: 0 }));
  for (const t of ordered) {
    t.sets.sort((a, b) => a[0]!.start - b[0]!.start);
    t.start = firstStart(t.sets.flat());
  }
  ordered.sort((a, b) => a.start - b.start);
  tests.clear();
  index.length = 0;

  const suites = new Map<string, SuiteInfo>();
  const fixturesOf = (uuid: string): Fixtures => {
    const all = fixtures.get(uuid) ?? [];
    const byStart = (a: AllureStep, b: AllureStep) => (num(a.start) ?? 0) - (num(b.start) ?? 0);
    return { befores: all.flatMap((f) => f.befores).sort(byStart), afters: all.flatMap((f) => f.afters).sort(byStart) };
  };
  for (const t of ordered) {
    const dataSets: AllureResult[][] = [];
    for (const set of t.sets) dataSets.push(await Promise.all(set.map(async (e) => (await readJson(e.file)) as AllureResult)));
    const built = buildCase({ dataSets, fixtures: fixturesOf, categories });
    const suite = suites.get(built.suite) ?? suites.set(built.suite, { name: built.suite }).get(built.suite)!;
    yield { kind: 'case', suite, case: built.case, attachments: built.attachments };
  }
}

export { suiteNameOf };
