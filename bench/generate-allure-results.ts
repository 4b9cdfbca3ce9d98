/**
 * Writes a synthetic but realistic allure-results/ directory for performance checks.
 *
 *   node --import tsx bench/generate-allure-results.ts [result-count=10000] [dir=allure-results]
 *
 * The shapes are those the real adapters write (test/fixtures/allure/README.md): spec files of about 20 tests,
 * each file in the style of one adapter, a third each.
 *   allure-jest:       fullName `pkg:path#describes title`, suites parentSuite/suite/subSuite from the describes,
 *                      one result per attempt, a beforeEach container per attempt and an afterAll container per file.
 *   allure-playwright: suite = file, subSuite = describes; "Before Hooks"/"After Hooks" and `Expect "…"` steps, two
 *                      error-context attachments per failed attempt, a `Retry` parameter on retries; errors are
 *                      `failed`, timeouts `broken`.
 *   allure-vitest:     as jest but matcher steps `expect(a).toBe(b)`, no containers and no retries.
 * Of the tests (latest attempt) about 84% pass, 6% fail, 2% break, 4% are skipped and 4% pass on a retry (flaky);
 * half the failures are retried and fail again. Every 10th test is parameterized over 3 rows (one excluded, one
 * masked and one hidden parameter). Steps nest 2-3 deep; 6% of attempts attach a text file, 1% a PNG, 2% of steps
 * a JSON response; labels owner, severity, epic/feature/story, tags, links and issues on a share of tests.
 * categories.json, environment.properties and executor.json as CI writes them. Deterministic: the same count gives
 * the same files. 10,000 results: 9,532 tests (8,355 passed, 607 failed, 192 broken, 378 skipped, 274 flaky),
 * 468 retries, 3,437 containers, 2,571 attachments; 16,011 files, 51.5 MB, written in about 4 s.
 * `allure generate` 2.46.1 reads it whole and reports the same 9,532 tests and statuses (27 s, 0.9 GB peak RSS here).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Status = 'passed' | 'failed' | 'broken' | 'skipped';
type Style = 'jest' | 'playwright' | 'vitest';
interface Attachment {
  name: string;
  source: string;
  type: string;
}
interface Parameter {
  name: string;
  value: string;
  excluded?: boolean;
  mode?: 'masked' | 'hidden';
}
interface StatusDetails {
  message?: string;
  trace?: string;
  actual?: string;
  expected?: string;
}
interface Step {
  name: string;
  status?: Status;
  statusDetails?: StatusDetails;
  stage?: string;
  steps?: Step[];
  attachments: Attachment[];
  parameters?: Parameter[];
  start: number;
  stop: number;
  uuid?: string;
}
interface Label {
  name: string;
  value: string;
}
interface Link {
  url: string;
  name?: string;
  type?: string;
}

export interface AllureResultsSummary {
  /** `*-result.json` files */
  results: number;
  /** tests as a person sees them: testCaseId plus non-excluded parameters, retries merged */
  tests: number;
  passed: number;
  failed: number;
  broken: number;
  skipped: number;
  /** passed on the latest attempt after a failed one */
  flaky: number;
  /** results that are retries (attempt 2) */
  retries: number;
  containers: number;
  attachments: number;
  bytes: number;
}

const PROJECT = 'shop-web';
const TESTS_PER_FILE = 20;
const OWNERS = ['alice', 'bob', 'carol', 'dmitri', 'eve', 'farah'];
const SEVERITIES = ['blocker', 'critical', 'normal', 'normal', 'normal', 'minor', 'trivial'];
const EPICS = ['Checkout', 'Catalogue', 'Accounts', 'Search'];
const FEATURES = ['Cart', 'Payment', 'Wishlist', 'Sign in', 'Filters', 'Reviews'];
const AREAS = ['cart', 'checkout', 'catalogue', 'accounts', 'search', 'orders', 'payments', 'reviews'];
const VERBS = ['adds', 'removes', 'updates', 'lists', 'rejects', 'accepts', 'totals', 'sorts', 'filters', 'saves'];
const NOUNS = ['an item', 'two items', 'a coupon', 'the address', 'a card', 'the total', 'a review', 'the filter'];
// A 2x2 RGB PNG, as in the fixtures.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=',
  'base64',
);

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** mulberry32: a small seeded generator, so a count always gives the same directory. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateAllureResults(dir: string, resultCount = 10_000): AllureResultsSummary {
  mkdirSync(dir, { recursive: true });
  const rnd = prng(20_260_101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const uuid = (): string => {
    const h = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
    h[12] = '4';
    h[16] = '89ab'[Math.floor(rnd() * 4)];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  const sum: AllureResultsSummary = { results: 0, tests: 0, passed: 0, failed: 0, broken: 0, skipped: 0, flaky: 0, retries: 0, containers: 0, attachments: 0, bytes: 0 };
  const write = (name: string, body: string | Buffer): void => {
    writeFileSync(join(dir, name), body);
    sum.bytes += body.length;
  };
  const attach = (name: string, type: string, ext: string, body: string | Buffer): Attachment => {
    const source = `${uuid()}-attachment.${ext}`;
    write(source, body);
    sum.attachments++;
    return { name, source, type };
  };

  let clock = Date.UTC(2026, 0, 1, 7, 0, 0);
  let currentStyle: Style = 'jest'; // the style of the test being built, for step()
  let fileIndex = 0;
  while (sum.results < resultCount) {
    const style: Style = (['jest', 'playwright', 'vitest'] as const)[fileIndex % 3];
    const area = AREAS[fileIndex % AREAS.length];
    const fileName = `${area}-${fileIndex}.${style === 'playwright' ? 'spec.ts' : 'test.ts'}`;
    const relPath = style === 'playwright' ? fileName : `src/${area}/${fileName}`;
    const outer = `${area} ${Math.floor(fileIndex / AREAS.length)}`;
    const fileResultUuids: string[] = [];
    const threadFor = (attempt: number): string =>
      style === 'jest' ? String((fileIndex % 2) + 1) : style === 'vitest' ? `vitest-worker-${(fileIndex % 2) + 1}` : `pid-${4100 + (fileIndex % 7)}-worker-${fileIndex * 2 + attempt}`;

    for (let t = 0; t < TESTS_PER_FILE && sum.results < resultCount; t++) {
      const inner = t < TESTS_PER_FILE / 2 ? 'when signed in' : 'as a guest';
      const baseTitle = `${pick(VERBS)} ${pick(NOUNS)} #${fileIndex * TESTS_PER_FILE + t}`;
      const describes = [outer, inner];
      const suites: Label[] =
        style === 'playwright'
          ? [
              { name: 'suite', value: fileName },
              { name: 'subSuite', value: describes.join(' > ') },
            ]
          : [
              { name: 'parentSuite', value: outer },
              { name: 'suite', value: inner },
            ];
      const userLabels: Label[] = [{ name: 'owner', value: pick(OWNERS) }, { name: 'severity', value: pick(SEVERITIES) }];
      if (rnd() < 0.3) userLabels.push({ name: 'epic', value: pick(EPICS) }, { name: 'feature', value: pick(FEATURES) }, { name: 'story', value: baseTitle.split(' #')[0] });
      if (rnd() < 0.4) userLabels.push({ name: 'tag', value: pick(['smoke', 'regression', 'slow', 'api']) });
      if (rnd() < 0.1) userLabels.push({ name: 'tag', value: 'critical' });
      const links: Link[] = rnd() < 0.1 ? [{ url: `https://issues.example.org/browse/SHOP-${100 + t}`, type: 'issue', name: `SHOP-${100 + t}` }] : [];
      if (rnd() < 0.05) links.push({ url: `https://docs.example.org/${area}`, name: `${area} spec` });
      const description = rnd() < 0.2 ? `Checks that the shop ${baseTitle.split(' #')[0]} for a customer ${inner}.` : undefined;
      const rows = t % 10 === 5 ? 3 : 1;

      for (let row = 0; row < rows && sum.results < resultCount; row++) {
        // vitest and jest repeat one title over the rows (one fullName, told apart by parameters);
        // Playwright refuses two tests of one title, so its rows have their own titles.
        const title = rows > 1 && style === 'playwright' ? `${baseTitle} (row ${row + 1})` : baseTitle;
        const fullName =
          style === 'playwright' ? [fileName, ...describes, title].join(' › ') : `${PROJECT}:${relPath}#${[...describes, title].join(' ')}`;
        const testCaseId = style === 'playwright' ? md5(`${fileName}#${describes.join(' ')} ${title}`) : md5(fullName);
        const parameters: Parameter[] = [];
        if (rows > 1) {
          parameters.push(
            { name: 'quantity', value: String(row + 1) },
            { name: 'currency', value: ['EUR', 'USD', 'GBP'][row] },
            { name: 'requestId', value: uuid(), excluded: true },
            { name: 'apiKey', value: `key-${row}-${fileIndex}`, mode: 'masked' },
            { name: 'session', value: `s-${row}`, mode: 'hidden' },
          );
        }
        // The designed outcome of this test: its attempts' statuses.
        const r = rnd();
        let attempts: Status[];
        if (r < 0.04) attempts = ['skipped'];
        else if (r < 0.1) attempts = style !== 'vitest' && rnd() < 0.5 ? ['failed', 'failed'] : ['failed'];
        else if (r < 0.12) attempts = ['broken'];
        else if (r < 0.16 && style !== 'vitest') attempts = ['failed', 'passed'];
        else attempts = ['passed'];
        if (attempts.length > resultCount - sum.results) attempts = ['passed'];
        const last = attempts[attempts.length - 1];
        sum.tests++;
        sum[last]++;
        if (attempts.length > 1 && last === 'passed') sum.flaky++;

        const historyId = `${testCaseId}:${md5(
          parameters
            .filter((p) => !p.excluded)
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((p) => `${p.name}:${p.value}`)
            .join(','),
        )}`;
        attempts.forEach((status, attempt) => {
          const id = uuid();
          const start = clock;
          const built = buildSteps(style, status, start, attempt);
          clock = built.end + 2 + Math.floor(rnd() * 20);
          const resultParams = style === 'playwright' && attempt > 0 ? [...parameters, { name: 'Retry', value: String(attempt), excluded: true }] : parameters;
          const labels: Label[] = [
            { name: 'language', value: 'javascript' },
            { name: 'framework', value: style },
            { name: 'package', value: `${PROJECT}.${relPath.replace(/\//g, '.')}` },
            { name: '_fallbackTestCaseId', value: md5(`${relPath}#${title}`) },
            ...(style === 'playwright' ? [{ name: 'titlePath', value: ` >  > ${fileName} > ${describes.join(' > ')}` }] : []),
            { name: 'host', value: `ci-runner-${(fileIndex % 4) + 1}` },
            { name: 'thread', value: threadFor(attempt) },
            ...suites,
            ...userLabels,
          ];
          const result = {
            uuid: id,
            name: title,
            historyId,
            status,
            statusDetails: built.details,
            stage: status === 'skipped' && style === 'vitest' ? 'pending' : 'finished',
            steps: built.steps,
            attachments: built.attachments,
            parameters: resultParams,
            labels,
            links,
            start,
            ...(description ? { description } : {}),
            fullName,
            titlePath: style === 'playwright' ? [PROJECT, fileName, ...describes] : [PROJECT, 'src', area, fileName, ...describes],
            testCaseId,
            stop: built.stop,
          };
          write(`${id}-result.json`, JSON.stringify(result));
          sum.results++;
          if (attempt > 0) sum.retries++;
          fileResultUuids.push(id);
          if (style === 'jest' && status !== 'skipped') {
            writeContainer('beforeEach', [id], [fixture('beforeEach', start - 1)], []);
          }
        });
      }
    }
    if (style === 'jest' && fileResultUuids.length) writeContainer('afterAll', fileResultUuids, [], [fixture('afterAll', clock)]);
    fileIndex++;
  }

  write(
    'categories.json',
    JSON.stringify([
      { name: 'Timeouts', messageRegex: '.*Timeout.*exceeded.*', matchedStatuses: ['broken'] },
      { name: 'Server errors', messageRegex: '.*status 5\\d\\d.*', matchedStatuses: ['failed', 'broken'] },
      { name: 'Wrong totals', traceRegex: '(?s).*totals\\.ts.*', matchedStatuses: ['failed'] },
      { name: 'Passed on a retry', matchedStatuses: ['passed'], flaky: true },
      { name: 'Ignored tests', matchedStatuses: ['skipped'] },
    ]),
  );
  write('environment.properties', ['os.platform=linux', 'node.version=v20.20.2', 'browser=none', 'build\\ agent=ci-runner-1', `base.url=https\\://shop.example.org`].join('\n'));
  write(
    'executor.json',
    `${JSON.stringify(
      {
        name: 'GitHub Actions',
        type: 'github',
        url: 'https://ci.example.org/shop-web',
        buildOrder: 1234,
        buildName: 'shop-web #1234',
        buildUrl: 'https://ci.example.org/shop-web/actions/runs/1234',
        reportName: 'shop-web',
        reportUrl: 'https://ci.example.org/shop-web/actions/runs/1234/allure',
      },
      null,
      2,
    )}\n`,
  );
  return sum;

  function writeContainer(name: string, children: string[], befores: Step[], afters: Step[]): void {
    const id = uuid();
    write(`${id}-container.json`, JSON.stringify({ uuid: id, name, children, befores, afters }));
    sum.containers++;
  }

  function fixture(name: string, at: number): Step {
    return { status: 'passed', statusDetails: {}, stage: 'finished', steps: [], attachments: [], parameters: [], start: at, name, stop: at + Math.floor(rnd() * 3) };
  }

  function step(name: string, status: Status, start: number, length: number, children: Step[] = [], parameters: Parameter[] = [], details: StatusDetails = {}): Step {
    return {
      status,
      statusDetails: details,
      stage: 'finished',
      steps: children,
      attachments: [],
      parameters,
      start,
      name,
      stop: start + length,
      ...(currentStyle === 'playwright' ? { uuid: uuid() } : {}),
    };
  }

  function attachmentStep(a: Attachment, at: number, pw: boolean): Step {
    return pw
      ? ({ statusDetails: {}, stage: 'finished', steps: [], attachments: [a], parameters: [], start: at, name: a.name, stop: at } as Step)
      : ({ name: a.name, attachments: [a], start: at, stop: at } as Step);
  }

  function failure(style: Style, status: Status, n: number): StatusDetails {
    const expected = 10 + (n % 90);
    const actual = expected + 1 + (n % 3);
    const frames = [
      `    at Object.<anonymous> (/builds/shop-web/src/totals.ts:${20 + (n % 40)}:${5 + (n % 20)})`,
      '    at Promise.then.completed (/builds/shop-web/node_modules/jest-circus/build/utils.js:298:28)',
      '    at new Promise (<anonymous>)',
      '    at callAsyncCircusFn (/builds/shop-web/node_modules/jest-circus/build/utils.js:231:10)',
      '    at _callCircusTest (/builds/shop-web/node_modules/jest-circus/build/run.js:316:40)',
      '    at _runTest (/builds/shop-web/node_modules/jest-circus/build/run.js:252:3)',
      '    at _runTestsForDescribeBlock (/builds/shop-web/node_modules/jest-circus/build/run.js:126:9)',
      '    at run (/builds/shop-web/node_modules/jest-circus/build/run.js:71:3)',
    ].join('\n');
    if (status === 'broken') {
      if (style === 'playwright') {
        const message = 'Test timeout of 30000ms exceeded.';
        return { message, trace: message };
      }
      const message = n % 2 ? `request failed with status 503 Service Unavailable` : `Cannot read properties of undefined (reading 'total')`;
      return { message, trace: `${n % 2 ? 'Error' : 'TypeError'}: ${message}\n${frames}` };
    }
    if (style === 'vitest') {
      const message = `expected ${actual} to be ${expected} // Object.is equality`;
      return { message, trace: `AssertionError: ${message}\n${frames}`, actual: String(actual), expected: String(expected) };
    }
    const body = `expect(received).toBe(expected) // Object.is equality\n\nExpected: ${expected}\nReceived: ${actual}`;
    if (style === 'playwright') return { message: `Error: ${body}`, trace: `Error: ${body}\n${frames}` };
    return { message: body, trace: `Error: ${body}\n${frames}`, actual: String(actual), expected: String(expected) };
  }

  /** The steps of one attempt, as the adapter of `style` writes them, ending at the attempt's status. */
  function buildSteps(style: Style, status: Status, start: number, attempt: number): { steps: Step[]; attachments: Attachment[]; details: StatusDetails; stop: number; end: number } {
    currentStyle = style;
    const pw = style === 'playwright';
    if (status === 'skipped') return { steps: [], attachments: [], details: {}, stop: start + 1, end: start + 1 };
    const bad = status === 'failed' || status === 'broken';
    const details = bad ? failure(style, status, Math.floor(rnd() * 1000)) : {};
    const steps: Step[] = [];
    let at = start + 1;
    if (pw) {
      steps.push(step('Before Hooks', 'passed', at, 20, [step('beforeEach hook', 'passed', at + 1, 18)]));
      at += 22;
    }
    const count = 2 + Math.floor(rnd() * 4);
    const failAt = bad ? count - 1 : -1;
    const matcher = (ok: boolean): Step | null => {
      if (style === 'jest') return null;
      const name = pw ? 'Expect "toBe"' : ok ? 'expect(3).toBe(3)' : `expect(${details.actual ?? 4}).toBe(${details.expected ?? 5})`;
      return step(name, ok ? 'passed' : 'failed', at, 1, [], [], ok ? {} : details);
    };
    for (let s = 0; s < count; s++) {
      const failing = s === failAt && status === 'failed';
      const broken = s === failAt && status === 'broken';
      const children: Step[] = [];
      const inner = 1 + Math.floor(rnd() * 3);
      for (let c = 0; c < inner; c++) {
        const last = c === inner - 1;
        const grand: Step[] = [];
        if (rnd() < 0.3) grand.push(step(`call GET /api/${pick(AREAS)}`, 'passed', at, 3, [], [{ name: 'status', value: '200' }]));
        const m = matcher(!(failing && last));
        if (m) grand.push(m);
        const st: Status = (failing || broken) && last ? (broken && !pw ? 'broken' : 'failed') : 'passed';
        children.push(step(`check ${pick(NOUNS)}`, st, at, 4 + Math.floor(rnd() * 30), grand, [], st === 'passed' ? {} : details));
        at += 5 + Math.floor(rnd() * 30);
      }
      const params = rnd() < 0.25 ? [{ name: 'user', value: pick(OWNERS) }] : [];
      const outerStatus: Status = failing ? 'failed' : broken ? (pw ? 'failed' : 'broken') : 'passed';
      const outerStep = step(`${pick(VERBS)} ${pick(NOUNS)}`, outerStatus, children[0].start, at - children[0].start, children, params, outerStatus === 'passed' ? {} : details);
      if (rnd() < 0.02) outerStep.steps!.push(attachmentStep(attach('response.json', 'application/json', 'json', JSON.stringify({ status: 200, items: [1, 2, 3], total: 42 })), at, pw));
      steps.push(outerStep);
      if (s === failAt) break;
    }
    // Test-level attachments are attachment steps too (playwright's come after the other steps).
    if (rnd() < 0.06) steps.push(attachmentStep(attach('log.txt', 'text/plain', 'txt', `GET /api/cart 200 12ms\nPOST /api/cart 201 30ms\nattempt ${attempt + 1}\n`), at, pw));
    if (rnd() < 0.01) steps.push(attachmentStep(attach('screenshot.png', 'image/png', 'png', PNG), at, pw));
    const attachments: Attachment[] = [];
    if (pw && bad) {
      for (let k = 0; k < 2; k++) steps.push(attachmentStep(attach('error-context', 'text/markdown', 'md', `# Error details\n\n\`\`\`\n${details.message}\n\`\`\`\n`), at + 1, pw));
    }
    if (pw) {
      steps.push(step('After Hooks', 'passed', at, 10, bad ? [step('afterAll hook', 'passed', at + 1, 8)] : []));
      if (rnd() < 0.05) attachments.push(attach('stdout', 'text/plain', 'txt', `loading fixtures for ${attempt}\n`));
    }
    const end = at + 12;
    // playwright's test stop comes before its After Hooks, as in the real files
    return { steps, attachments, details, stop: pw ? at - 1 : at, end };
  }
}

function main(): void {
  const [countArg = '10000', dir = 'allure-results'] = process.argv.slice(2);
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 1) {
    console.error('usage: node --import tsx bench/generate-allure-results.ts [result-count=10000] [dir=allure-results]');
    process.exit(2);
  }
  const t0 = performance.now();
  const s = generateAllureResults(dir, count);
  console.log(
    `wrote ${s.results} results (${s.tests} tests: ${s.passed} passed, ${s.failed} failed, ${s.broken} broken, ${s.skipped} skipped, ${s.flaky} flaky; ` +
      `${s.retries} retries), ${s.containers} containers, ${s.attachments} attachments, ${(s.bytes / 1e6).toFixed(1)} MB to ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
