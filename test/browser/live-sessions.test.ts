/**
 * Sessions and live pages in Chromium: one sign-in serves every tab of the browser (a second tab opens a
 * run without asking), and signing out in one tab ends the session in both; a run reported through the
 * live API updates its page and the runs list as batches are posted, without a reload, and stops
 * streaming when it finishes.
 */
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { loadDemo } from '../../src/demo/demo-data.js';
import { SEED_RUN_ID } from '../../src/demo/seed-run.js';
import { freshStore } from '../helpers/databases.js';
import { browserTests, ensureUiBuilt, launch, requireChromiumOnCi, screenshot, serve, signIn } from './support.js';

describe.runIf(browserTests)('sessions and live pages in Chromium', { timeout: 120_000 }, () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;
  let key: string;

  beforeAll(async () => {
    ensureUiBuilt();
    store = await freshStore('sqlite');
    const demo = await createApiKey(store, 'demo', 'ui-test', Date.now());
    key = demo.key;
    await loadDemo(store, demo.workspaceId, Date.now());
    ({ app, base } = await serve(store));
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.drop();
  });

  const api = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

  it('one sign-in serves two tabs; signing out in one ends the session in both', async () => {
    const first = await context.newPage();
    await first.goto(`${base}/runs`);
    await signIn(first, key);
    await first.getByTestId('run-row').first().waitFor();

    // A second tab (as a Ctrl+click opens one) shows the run at once: no key asked for.
    const second = await context.newPage();
    await second.goto(`${base}/runs/${SEED_RUN_ID}`);
    await second.locator('[data-testid=case-row][data-case-id="3857"]').waitFor();
    expect(await second.getByTestId('api-key').count()).toBe(0);
    await expect(second.getByTestId('workspace').textContent()).resolves.toContain('demo');
    await screenshot(second, '20-second-tab-signed-in');

    await first.getByTestId('sign-out').click();
    await first.getByTestId('api-key').waitFor();
    // The other tab follows at once, without a reload; the server has ended the session, so a reload asks again too.
    await second.getByTestId('api-key').waitFor();
    await expect(second.getByRole('alert').textContent()).resolves.toContain('signed out in another tab');
    expect(await context.cookies()).toEqual([]);
    await second.reload();
    await second.getByTestId('api-key').waitFor();
    await screenshot(second, '21-second-tab-signed-out');
    await first.close();
    await second.close();
  });

  it("a live run's page and the runs list update as results are posted, without a reload; the stream ends with the run", async () => {
    const runsTab = await context.newPage();
    await runsTab.goto(`${base}/runs`);
    await signIn(runsTab, key);
    await runsTab.getByTestId('runs-live').waitFor();

    const opened = await api('POST', '/api/v3/live/test_runs', { testPlan: 'Live checkout', key: 'live-1', buildNo: 'live-1' });
    const runId = opened.json().id as number;
    // The runs list shows the new run without a reload.
    await runsTab.locator(`[data-testid=run-row][data-run-id="${runId}"]`).waitFor();

    const page = await context.newPage();
    await page.goto(`${base}/runs/${runId}`);
    await page.locator('[data-testid=live-badge][data-state=live]').waitFor();
    // A marker on the window: it survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await expect(page.getByTestId('empty').textContent()).resolves.toContain('they appear here as they arrive');

    const total = page.locator('[data-metric=Total] .metric-value');
    const failed = page.locator('[data-metric=Failed] .metric-value');
    for (let batch = 0; batch < 3; batch++) {
      const cases = Array.from({ length: 4 }, (_, i) => {
        const n = batch * 4 + i;
        return { key: `c${n}`, suiteKey: 's1', name: `checkout step ${n}`, result: n === 5 ? 'FAILED' : 'PASSED', ...(n === 5 ? { message: 'the total is 0.00' } : {}) };
      });
      const posted = await api('POST', `/api/v3/live/test_runs/${runId}/results`, {
        machines: [{ key: 'm1', deviceConfiguration: { title: 'Linux Chrome' } }],
        suites: [{ key: 's1', machineKey: 'm1', name: 'Checkout' }],
        cases,
      });
      expect(posted.statusCode).toBe(200);
      // The counts tick as each batch is committed.
      await expect.poll(() => total.textContent(), { timeout: 10_000 }).toBe(String((batch + 1) * 4));
      await expect.poll(() => page.getByTestId('case-row').count(), { timeout: 10_000 }).toBe((batch + 1) * 4);
    }
    await expect.poll(() => failed.textContent()).toBe('1');
    await page.locator('[data-testid=case-row][data-result=FAILURE]').getByText('checkout step 5').waitFor();
    await expect.poll(() => runsTab.locator(`[data-testid=run-row][data-run-id="${runId}"]`).textContent(), { timeout: 10_000 }).toContain('11/12');
    await screenshot(page, '22-live-run');

    expect(await api('POST', `/api/v3/live/test_runs/${runId}/finish`, {}).then((r) => r.statusCode)).toBe(200);
    await expect.poll(() => page.locator('.page-head .badge').first().getAttribute('data-result'), { timeout: 10_000 }).toBe('FAILURE');
    await expect.poll(() => page.getByTestId('live-badge').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await screenshot(page, '23-live-run-finished');
    await page.close();
    await runsTab.close();
  });
});

requireChromiumOnCi('sessions and live pages in Chromium');
