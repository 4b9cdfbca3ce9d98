/**
 * Triage in Chromium, on the demo data: a run's failures grouped by cause (known since which run, or new),
 * the run's search finding messages as well as names, the compare view against the previous run and a
 * picked one, quarantine from the case page (marked wherever the test is listed, then released), and the
 * plan's flaky tests by both definitions, each stated.
 */
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { loadDemo } from '../../src/demo/demo-data.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { freshStore } from '../helpers/databases.js';
import { browserTests, ensureUiBuilt, launch, requireChromiumOnCi, screenshot, serve, signIn } from './support.js';

describe.runIf(browserTests)('triage in Chromium', { timeout: 120_000 }, () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let key: string;
  let latest: number;
  let planId: number;

  beforeAll(async () => {
    ensureUiBuilt();
    store = await freshStore('sqlite');
    const demo = await createApiKey(store, 'demo', 'ui-test', Date.now());
    key = demo.key;
    await loadDemo(store, demo.workspaceId, Date.now());
    // The nightly plan's next run: a cause never seen before, on a test that passed until now.
    latest = await ingestDocument(
      store,
      demo.workspaceId,
      {
        testPlan: 'Web Shop Nightly',
        buildNo: '2026.11.27-107',
        environment: { branch: 'main' },
        machines: [{ deviceConfiguration: { title: 'Linux Chrome' }, suites: [{ name: 'Cart', cases: [{ name: 'Add item to cart', result: 'FAILED', message: 'TypeError: cart.items is undefined', errorType: 'TypeError' }, { name: 'Update quantity', result: 'PASSED' }] }] }],
      },
      { now: Date.now() },
    );
    planId = (await store.db.selectFrom('test_runs').select('test_plan_id').where('id', '=', latest).executeTakeFirstOrThrow()).test_plan_id;
    ({ app, base } = await serve(store));
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
    await page.goto(`${base}/runs`);
    await signIn(page, key);
    await page.getByTestId('run-row').first().waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.drop();
  });

  const api = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${key}` } }).then((r) => r.json());

  it('groups a run’s failures by cause: count, message, known since which run or new in this one', async () => {
    const nightly = (await api(`/api/v3/test_runs?query=testPlanId:${planId},reRunParentId:null&sort=id,desc&size=3`)).content[1].id as number;
    const expected = await api(`/api/v3/test_runs/${nightly}/failure_groups`);
    await page.goto(`${base}/runs/${nightly}`);
    const groups = page.getByTestId('failure-group');
    await groups.first().waitFor();
    await expect.poll(() => groups.count()).toBe(expected.content.length);
    for (const [i, g] of (expected.content as { count: number; new: boolean; firstSeenRunId: number; message: string }[]).entries()) {
      const group = groups.nth(i);
      await expect(group.getAttribute('data-count')).resolves.toBe(String(g.count));
      await expect(group.textContent()).resolves.toContain(g.message);
      if (!g.new) await expect(group.getByTestId('group-known').textContent()).resolves.toBe(`known since run #${g.firstSeenRunId}`);
    }
    await screenshot(page, '40-failure-groups');

    await page.goto(`${base}/runs/${latest}`);
    const fresh = page.getByTestId('failure-group').first();
    await fresh.waitFor();
    await expect(fresh.getByTestId('group-new').textContent()).resolves.toBe('new in this run');
    await expect(fresh.textContent()).resolves.toContain('TypeError: cart.items is undefined');
    // The case row shows its message too.
    await expect(page.locator('[data-testid=case-row][data-result=FAILURE] [data-testid=case-message]').textContent()).resolves.toBe('TypeError: cart.items is undefined');
  });

  it("the run's search matches messages as well as names", async () => {
    const nightly = (await api(`/api/v3/test_runs?query=testPlanId:${planId},reRunParentId:null&sort=id,desc&size=3`)).content[1].id as number;
    const byMessage = await api(`/api/v3/test_runs/${nightly}/test_case_results?query=${encodeURIComponent('message$not displayed')}&size=200`);
    expect(byMessage.totalElements).toBeGreaterThan(0);
    await page.goto(`${base}/runs/${nightly}?search=not%20displayed`);
    await page.getByTestId('search-results').waitFor();
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(byMessage.totalElements);
    await expect(page.locator('.search-count').textContent()).resolves.toContain('in name or message');
  });

  it('compares a run with the previous one from its page, and with a run picked as the base', async () => {
    await page.goto(`${base}/runs/${latest}`);
    await page.getByTestId('compare-link').click();
    await page.waitForURL(`${base}/runs/${latest}/compare`);
    const expected = await api(`/api/v3/test_runs/${latest}/compare`);
    await page.getByTestId('compare-summary').waitFor();
    for (const [section, list] of [['compare-new', expected.newFailures], ['compare-fixed', expected.fixed], ['compare-still', expected.stillFailing], ['compare-removed', expected.removed]] as const) {
      await expect(page.getByTestId(section).getAttribute('data-count')).resolves.toBe(String(list.length));
    }
    await expect(page.getByTestId('compare-new').textContent()).resolves.toContain('Add item to cart');
    await expect(page.locator('h1').textContent()).resolves.toContain(`run #${expected.baseRunId}`);
    await screenshot(page, '41-compare');

    const older = (await api(`/api/v3/test_runs?query=testPlanId:${planId},reRunParentId:null&sort=id,asc&size=1`)).content[0].id as number;
    await page.getByTestId('compare-base').selectOption(String(older));
    await page.waitForURL(`${base}/runs/${latest}/compare?with=${older}`);
    const picked = await api(`/api/v3/test_runs/${latest}/compare?with=${older}`);
    await expect.poll(() => page.locator('h1').textContent()).toContain(`run #${older}`);
    await expect(page.getByTestId('compare-fixed').getAttribute('data-count')).resolves.toBe(String(picked.fixed.length));
    await expect(page.getByTestId('compare-new').getAttribute('data-count')).resolves.toBe(String(picked.newFailures.length));
  });

  it('quarantines a test from its case page, marks it wherever it is listed, and releases it', async () => {
    await page.goto(`${base}/runs/${latest}`);
    await page.locator('[data-testid=case-row][data-result=FAILURE] a').first().click();
    await page.waitForURL(/\/cases\/\d+$/);
    await page.getByTestId('quarantine-button').click();
    await page.getByTestId('quarantine-reason').fill('cart service flaky in staging, SHOP-123');
    const until = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('quarantine-until').fill(until);
    await page.getByTestId('quarantine-save').click();
    const status = page.getByTestId('quarantine-status');
    await status.waitFor();
    await expect(status.textContent()).resolves.toContain('cart service flaky in staging, SHOP-123');
    const stored = (await api('/api/v3/quarantines')).content;
    expect(stored).toEqual([expect.objectContaining({ name: 'Add item to cart', reason: 'cart service flaky in staging, SHOP-123', active: true })]);
    expect(stored[0].until.slice(0, 10)).toBe(until);
    await screenshot(page, '42-case-quarantined');

    // Marked in the run's tree and in its failure groups.
    await page.goto(`${base}/runs/${latest}`);
    await page.locator('[data-testid=case-row] [data-testid=quarantined-tag]').first().waitFor();
    await expect(page.getByTestId('failure-groups').getByTestId('quarantined-tag').count()).resolves.toBe(1);
    await screenshot(page, '43-run-quarantined-marked');

    await page.locator('[data-testid=case-row][data-result=FAILURE] a').first().click();
    await page.getByTestId('release-quarantine').click();
    await page.getByTestId('quarantine-button').waitFor();
    expect((await api('/api/v3/quarantines')).content).toEqual([]);
  });

  it('opens a data-driven case on its failing iteration', async () => {
    const nightly = (await api(`/api/v3/test_runs?query=testPlanId:${planId},reRunParentId:null&sort=id,desc&size=3`)).content[1].id as number;
    const coupon = (await api(`/api/v3/test_runs/${nightly}/test_case_results?query=${encodeURIComponent('testCaseName:Apply coupon,result:FAILURE,parentId:null')}`)).content[0];
    await page.goto(`${base}/runs/${nightly}/cases/${coupon.id}`);
    const current = page.locator('[data-testid=iteration][aria-current=true]');
    await current.waitFor();
    await expect(current.textContent()).resolves.toContain('coupon=EXPIRED2020');
    await expect(page.locator('h2', { hasText: 'Steps of iteration' }).textContent()).resolves.toBe('Steps of iteration coupon=EXPIRED2020');
    await expect(page.locator('[data-testid=step-row][data-failing=true]').textContent()).resolves.toContain('Verify that the discount is applied');
    await screenshot(page, '45-data-driven-failing-iteration');
  });

  it("shows the plan's flaky tests by both definitions, each stated as the API states it", async () => {
    const flips = await api(`/api/v3/test_plans/${planId}/flaky_tests?runs=30&limit=10`);
    const retries = await api(`/api/v3/test_plans/${planId}/retry_flaky_tests?runs=30&limit=10`);
    await page.goto(`${base}/plans/${planId}`);
    await expect(page.getByTestId('flip-definition').textContent()).resolves.toBe(flips.definition);
    await expect(page.getByTestId('retry-definition').textContent()).resolves.toBe(retries.definition);
    await page.getByTestId('flaky-tests').getByText('Checkout with PayPal').waitFor();
    await expect.poll(() => page.locator('[data-testid=flaky-tests] tbody tr').count()).toBe(flips.content.length);
    const retryRows = retries.content.length;
    if (retryRows) await expect.poll(() => page.locator('[data-testid=retry-flaky-tests] tbody tr').count()).toBe(retryRows);
    else await page.getByTestId('retry-flaky-tests').getByTestId('empty').waitFor();
    await screenshot(page, '44-plan-flaky-definitions');
  });
});

requireChromiumOnCi('triage in Chromium');
