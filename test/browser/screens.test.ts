/**
 * Any screen, links and copy, whole runs, in Chromium: the run and case pages at 390 px with every name
 * readable (and the header folded); dark mode following the system with the toggle overriding it; commit,
 * branch and CI job links, copy buttons (run and case links, name, stack trace, re-run command), the time
 * zone toggle and plurals; the browser's find on a 2,000-case run, and j/k between its failures.
 */
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { RunDocument } from '../../src/core/document.js';
import { loadDemo } from '../../src/demo/demo-data.js';
import { SEED_RUN_ID } from '../../src/demo/seed-run.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { freshStore } from '../helpers/databases.js';
import { browserTests, ensureUiBuilt, generatedRun, launch, requireChromiumOnCi, SCREENSHOTS, screenshot, serve, signIn } from './support.js';

const LONG_NAME = 'rejects an expired card and keeps the basket intact when the payment provider answers with a timeout after three retries';
const STACK = "Error: expected status 402 but got 504\n    at expectStatus (src/checkout/payment.test.ts:88:11)\n    at Object.<anonymous> (src/checkout/payment.test.ts:41:5)";

/** A run from jest with CI facts: links, a stack trace, a re-run command, a name that must wrap on a phone. */
const longNames: RunDocument = {
  testPlan: 'Payments',
  buildNo: '512',
  startTime: '2026-11-28T12:00:00Z',
  environment: { tool: 'jest', ci: 'GitHub Actions', commit: '0a1b2c3d4e5f', branch: 'feature/cards', repositoryUrl: 'https://github.com/example/payments', jobUrl: 'https://github.com/example/payments/actions/runs/99' },
  machines: [
    {
      deviceConfiguration: { title: 'Linux Node 22' },
      suites: [
        {
          name: 'Checkout › payment › cards with a rather long describe block name',
          cases: [
            { name: LONG_NAME, result: 'FAILED', message: 'expected status 402 but got 504 from https://payments.example.com/v2/authorisations', stackTrace: STACK, properties: { filePath: 'src/checkout/payment.test.ts' } },
            { name: 'accepts a valid card', result: 'PASSED', properties: { filePath: 'src/checkout/payment.test.ts' } },
          ],
        },
      ],
    },
  ],
};

/** Relative luminance of a computed `rgb(r, g, b)` colour, 0 (black) to 1 (white). */
const luminance = (rgb: string) => {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number).map((v) => v / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe.runIf(browserTests)('screens, links, copy and whole runs in Chromium', { timeout: 120_000 }, () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let key: string;
  let paymentsRun: number;
  let paymentsCase: number;
  let findRun: number;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureUiBuilt();
    store = await freshStore('sqlite');
    const demo = await createApiKey(store, 'demo', 'ui-test', Date.now());
    key = demo.key;
    await loadDemo(store, demo.workspaceId, Date.now());
    paymentsRun = await ingestDocument(store, demo.workspaceId, longNames, { now: Date.now() });
    paymentsCase = (await store.db.selectFrom('case_results').select('id').where('test_run_id', '=', paymentsRun).where('name', '=', LONG_NAME).executeTakeFirstOrThrow()).id;
    findRun = await ingestDocument(store, demo.workspaceId, generatedRun(2000, { plan: 'Find (2,000 cases)', machines: ['Linux Chrome'], suites: 2 }), { now: Date.now() });
    ({ app, base } = await serve(store));
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.drop();
  });

  /** A signed-in page in a context of its own (viewport, colours, zone, permissions). */
  async function signedIn(options: Parameters<Browser['newContext']>[0] = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/runs`);
    await signIn(page, key);
    await page.getByTestId('run-row').first().waitFor();
    return page;
  }

  /** Names cut off or outside the viewport, and whether the page scrolls sideways. */
  const unreadable = (page: Page, selector: string) =>
    page.evaluate((sel) => {
      const cut = [...document.querySelectorAll<HTMLElement>(sel)]
        .filter((el) => {
          const box = el.getBoundingClientRect();
          return el.scrollWidth > el.clientWidth + 1 || box.left < 0 || box.right > window.innerWidth;
        })
        .map((el) => el.textContent);
      return { cut, sideways: document.documentElement.scrollWidth > window.innerWidth };
    }, selector);

  // 390 px: today's common phone; 360 px: the narrowest the UI is built for.
  it.each([390, 360])('the run and case pages at %i px: every name readable, nothing wider than the screen, the header folded', async (width) => {
    const page = await signedIn({ viewport: { width, height: 844 }, isMobile: true, hasTouch: true });
    await expect(unreadable(page, '[data-testid=run-row] a')).resolves.toEqual({ cut: [], sideways: false });
    await screenshot(page, `30-runs-${width}`);
    expect(await page.getByTestId('sign-out').isVisible()).toBe(false);
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('sign-out').waitFor();
    await expect(page.getByTestId('workspace').textContent()).resolves.toContain('demo');
    await page.getByTestId('menu-toggle').click();

    for (const runId of [paymentsRun, SEED_RUN_ID]) {
      await page.goto(`${base}/runs/${runId}`);
      await page.getByTestId('case-row').first().waitFor();
      await page.waitForFunction(() => /^(\d+) of \1 case/.test(document.querySelector('[data-testid=tree-foot]')?.textContent ?? ''));
      const names = await page.locator('[data-testid=case-row] .case-name').allTextContents();
      expect(names.length).toBeGreaterThan(0);
      await expect(unreadable(page, '[data-testid=case-row] .case-name, [data-testid=suite-row] .node-name, [data-testid=machine-row] .node-name, h1')).resolves.toEqual({ cut: [], sideways: false });
    }
    await page.goto(`${base}/runs/${paymentsRun}`);
    await page.getByTestId('case-row').getByText(LONG_NAME).waitFor();
    await screenshot(page, `31-run-${width}`);

    await page.goto(`${base}/runs/${paymentsRun}/cases/${paymentsCase}`);
    await page.getByTestId('stack-trace').waitFor();
    await expect(page.locator('.case-title').textContent()).resolves.toBe(LONG_NAME);
    await expect(unreadable(page, '.case-title, .breadcrumbs a')).resolves.toEqual({ cut: [], sideways: false });
    await page.goto(`${base}/runs/${SEED_RUN_ID}/cases/3857`);
    await page.getByTestId('step-row').first().waitFor();
    await expect(unreadable(page, '.case-title, [data-testid=step-row] .step-action')).resolves.toEqual({ cut: [], sideways: false });
    await screenshot(page, `32-case-${width}`);
  });

  it('dark mode follows the system; the toggle chooses light or dark over it, and back', async () => {
    const page = await signedIn({ colorScheme: 'dark' });
    await page.goto(`${base}/runs/${paymentsRun}`);
    await page.getByTestId('case-row').first().waitFor();
    expect(luminance(await background(page))).toBeLessThan(0.15);
    await screenshot(page, '33-run-dark');
    const toggle = page.getByTestId('theme-toggle');
    await toggle.click(); // system -> light
    await expect(toggle.getAttribute('data-theme-choice')).resolves.toBe('light');
    expect(luminance(await background(page))).toBeGreaterThan(0.85);
    await toggle.click(); // light -> dark
    expect(luminance(await background(page))).toBeLessThan(0.15);
    // The choice is the browser's: a reload keeps it.
    await page.reload();
    await page.getByTestId('case-row').first().waitFor();
    await expect(toggle.getAttribute('data-theme-choice')).resolves.toBe('dark');
    await toggle.click(); // dark -> system (dark here)
    expect(luminance(await background(page))).toBeLessThan(0.15);
    await page.goto(`${base}/runs/${SEED_RUN_ID}/cases/3857`);
    await page.getByTestId('step-row').first().waitFor();
    await screenshot(page, '34-case-dark');

    const light = await signedIn({ colorScheme: 'light' });
    expect(luminance(await background(light))).toBeGreaterThan(0.85);
  });

  it('links commit, branch and CI job; copies links, the name, the stack trace and the re-run command; shows times in the zone chosen; counts in words', async () => {
    const page = await signedIn({ timezoneId: 'America/New_York', permissions: ['clipboard-read', 'clipboard-write'] });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.goto(`${base}/runs/${paymentsRun}`);
    await page.getByTestId('case-row').first().waitFor();
    await expect(page.getByTestId('commit-link').getAttribute('href')).resolves.toBe('https://github.com/example/payments/commit/0a1b2c3d4e5f');
    await expect(page.getByTestId('branch-link').getAttribute('href')).resolves.toBe('https://github.com/example/payments/tree/feature/cards');
    await expect(page.getByTestId('job-link').getAttribute('href')).resolves.toBe('https://github.com/example/payments/actions/runs/99');
    await expect(page.getByTestId('job-link').getAttribute('rel')).resolves.toContain('noopener');
    await page.getByTestId('copy-run-link').click();
    await expect.poll(clipboard).toBe(`${base}/runs/${paymentsRun}`);
    await expect(page.getByTestId('copy-run-link').getAttribute('data-copied')).resolves.toBe('true');
    await expect(page.getByTestId('tree-foot').textContent()).resolves.toMatch(/^2 of 2 cases shown · 1 machine · 1 suite/);

    // Times: the browser's zone (New York: 08:00 for 12:00 UTC), labelled; the toggle shows UTC.
    const started = page.locator('.fact', { hasText: 'Started' }).locator('time');
    await expect(started.textContent()).resolves.toMatch(/^2026-11-28 07:00 · .+ ago$/);
    await expect(page.getByTestId('zone-toggle').textContent()).resolves.toContain('America/New_York');
    await page.getByTestId('zone-toggle').click();
    await expect(started.textContent()).resolves.toMatch(/^2026-11-28 12:00 UTC · .+ ago$/);
    await expect(page.getByTestId('zone-toggle').textContent()).resolves.toBe('Times in UTC');
    await screenshot(page, '35-run-links-utc');

    await page.getByTestId('case-row').getByText(LONG_NAME).click();
    await page.waitForURL(`${base}/runs/${paymentsRun}/cases/${paymentsCase}`);
    await page.getByTestId('copy-name').click();
    await expect.poll(clipboard).toBe(LONG_NAME);
    await page.getByTestId('copy-case-link').click();
    await expect.poll(clipboard).toBe(`${base}/runs/${paymentsRun}/cases/${paymentsCase}`);
    await page.getByTestId('copy-stack-trace').click();
    await expect.poll(clipboard).toBe(STACK);
    const command = `npx jest 'src/checkout/payment.test.ts' -t '${LONG_NAME}'`;
    await expect(page.locator('[data-testid=rerun-command] code').textContent()).resolves.toBe(command);
    await page.getByTestId('copy-rerun').click();
    await expect.poll(clipboard).toBe(command);
    await screenshot(page, '36-case-copy');

    // One of a kind is said in the singular.
    await page.goto(`${base}/runs?q=testPlanName:Payments`);
    await expect.poll(() => page.getByTestId('runs-total').textContent()).toBe('1 run');
    await page.goto(`${base}/plans`);
    await page.getByRole('link', { name: 'Payments' }).click();
    await expect(page.locator('.page-head .muted').first().textContent()).resolves.toBe('1 run');
  });

  it('an empty workspace says how to send runs: the verdict upload line', async () => {
    const empty = await createApiKey(store, 'empty', 'ui-test', Date.now());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/runs`);
    await signIn(page, empty.key);
    const hint = page.getByTestId('empty-runs');
    await hint.waitFor();
    await expect(hint.locator('code.command').textContent()).resolves.toBe(`verdict upload --server ${base} --key $VERDICT_API_KEY --plan NAME 'reports/**/*.xml'`);
    await screenshot(page, '38-empty-runs');
  });

  it("the browser's find reaches every case of a 2,000-case run (the page scrolls as one); j/k move between failures and Enter opens one", async () => {
    const page = await signedIn();
    await page.goto(`${base}/runs/${findRun}`);
    await page.waitForFunction(() => document.querySelector('[data-testid=tree-foot]')?.textContent?.startsWith('2,000 of 2,000 cases'), undefined, { timeout: 30_000 });
    await expect(page.getByTestId('run-tree').getAttribute('data-windowed')).resolves.toBe('false');
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(2000);
    // window.find is the browser's find-in-page; it scrolls the page to what it finds.
    const found = await page.evaluate(() => (window as unknown as { find: (text: string) => boolean }).find('case 01999 checks feature'));
    expect(found).toBe(true);
    const where = await page.evaluate(() => {
      const range = getSelection()!.getRangeAt(0);
      const box = range.getBoundingClientRect();
      return { text: range.startContainer.parentElement?.closest('[data-testid=case-row]')?.textContent ?? '', top: box.top, bottom: box.bottom, height: innerHeight, scrollY };
    });
    expect(where.text).toContain('case 01999 checks feature');
    expect(where.scrollY).toBeGreaterThan(10_000);
    expect(where.top).toBeGreaterThanOrEqual(0);
    expect(where.bottom).toBeLessThanOrEqual(where.height);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('h1').click(); // focus on the page, not a field
    const selected = () => page.locator('[data-testid=case-row][aria-selected=true]');
    await page.keyboard.press('j');
    const first = await selected().getAttribute('data-case-id');
    await expect(selected().getAttribute('data-result')).resolves.toBe('FAILURE');
    await page.keyboard.press('j');
    const second = await selected().getAttribute('data-case-id');
    expect(second).not.toBe(first);
    await expect(selected().getAttribute('data-result')).resolves.toBe('FAILURE');
    await page.keyboard.press('ArrowUp');
    await expect(selected().getAttribute('data-case-id')).resolves.toBe(first);
    // The viewport only: the whole page is 2,000 rows tall.
    await page.screenshot({ path: `${SCREENSHOTS}/37-run-2000-keyboard.png` });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/runs/${findRun}/cases/${first}`);
  });
});

requireChromiumOnCi('screens, links, copy and whole runs in Chromium');
