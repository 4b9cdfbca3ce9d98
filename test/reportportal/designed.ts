/**
 * The designed outcome of each agent of test/fixtures/reportportal (its README, "Designed outcome"), as a
 * Verdict run: 7 cases in `Cart` and `Cart › Coupons` (4 passed, one of them on its retry; 2 failed, each
 * run twice; 1 skipped), a screenshot, and what each agent adds or leaves out (Vitest reports no retries;
 * Playwright adds its error-context files and, with steps on, its own steps; the suite path starts with
 * the test file for Vitest and Playwright).
 */
import { expect } from 'vitest';
import type { CaseSummary, RunSummary } from './run-summary.js';

type Expected = Omit<RunSummary, 'cases' | 'plan' | 'status'> & { cases: Record<string, Partial<CaseSummary>> };

const PNG = (name: string) => `${name} (image/png, 86 B)`;
const CONTEXT = { applies: 'applies-a-coupon_error-context (text/markdown, 3051 B)', rejects: 'rejects-an-unknown-coupon_error-context (text/markdown, 1164 B)', passes: 'passes-on-retry_error-context (text/markdown, 3015 B)' };
const CART_COUNTS = { total: 7, passed: 4, failed: 2, skipped: 1, stopped: 0, notExecuted: 1 };

function cart(prefix: string, o: { retries: boolean; screenshot: string[]; contexts: boolean; steps?: Record<string, string[]> }): Expected {
  const cartSuite = `${prefix}Cart`;
  const coupons = `${cartSuite} › Coupons`;
  const failed = o.retries ? ['FAILURE'] : [];
  const steps = (name: string) => ({ steps: [...(o.steps?.[name] ?? [])].sort() });
  return {
    result: 'FAILURE',
    counts: CART_COUNTS,
    machines: ['Linux x64'],
    suites: { [cartSuite]: ['adds an item', 'attaches a screenshot', 'is skipped', 'totals the cart'], [coupons]: ['applies a coupon', 'passes on retry', 'rejects an unknown coupon'] },
    cases: {
      [`${cartSuite} › adds an item`]: { result: 'SUCCESS', attempts: [], attachments: [], ...steps('adds an item') },
      [`${cartSuite} › totals the cart`]: { result: 'SUCCESS', attempts: [], attachments: [], ...steps('totals the cart') },
      [`${cartSuite} › is skipped`]: { result: 'SKIPPED', skipped: true, attempts: [], attachments: [], steps: [] },
      [`${cartSuite} › attaches a screenshot`]: { result: 'SUCCESS', attempts: [], attachments: o.screenshot.map(PNG).sort(), ...steps('attaches a screenshot') },
      [`${coupons} › applies a coupon`]: { result: 'FAILURE', flaky: false, attempts: failed, message: expect.stringMatching(/Object\.is equality|expected 90 to be 80/), attachments: o.contexts ? [CONTEXT.applies, CONTEXT.applies] : [], ...steps('applies a coupon') },
      [`${coupons} › rejects an unknown coupon`]: { result: 'FAILURE', flaky: false, attempts: failed, message: expect.stringMatching(/^(Error: )?unknown coupon: BOGUS$/), attachments: o.contexts ? [CONTEXT.rejects, CONTEXT.rejects] : [], ...steps('rejects an unknown coupon') },
      [`${coupons} › passes on retry`]: { result: 'SUCCESS', flaky: o.retries, attempts: failed, message: null, attachments: o.contexts ? [CONTEXT.passes] : [], ...steps('passes on retry') },
    },
  };
}

const HOOKS = (...middle: string[]) => ['Before Hooks: SUCCESS', ...middle, 'After Hooks: SUCCESS'];

export const DESIGNED: Record<string, Expected> = {
  jest: cart('', { retries: true, screenshot: ['cart.png'], contexts: false }),
  vitest: cart('vitest/cart.test.mjs › ', { retries: false, screenshot: ['cart.png'], contexts: false }),
  playwright: cart('cart.spec.js › ', { retries: true, screenshot: ['attaches-a-screenshot_cart.png'], contexts: true }),
  'playwright-steps': cart('cart.spec.js › ', {
    retries: true,
    screenshot: ['attaches-a-screenshot_cart.png', 'attach-cartpng_cart.png'],
    contexts: true,
    // The steps of the final attempt (an earlier attempt's are summed up in `attempts`).
    steps: {
      'adds an item': HOOKS('Expect "toHaveLength": SUCCESS'),
      'totals the cart': HOOKS('Expect "toBe": SUCCESS'),
      'attaches a screenshot': HOOKS('fill the cart: SUCCESS', 'fill the cart › add an apple: SUCCESS', 'take a screenshot: SUCCESS', 'take a screenshot › Attach "cart.png": SUCCESS', 'Expect "toBe": SUCCESS'),
      'applies a coupon': [...HOOKS('Expect "toBe": FAILURE'), 'Worker Cleanup: SUCCESS'],
      'rejects an unknown coupon': [...HOOKS(), 'Worker Cleanup: SUCCESS'],
      'passes on retry': HOOKS('Expect "toBe": SUCCESS'),
    },
  }),
  // client-scenarios.mjs DESIGNED: 16 cases (17 attempts); passed/info/warn → passed, failed/interrupted →
  // failed, skipped/cancelled → skipped, stopped → stopped. A stopped case makes the run STOPPED.
  client: {
    result: 'STOPPED',
    counts: { total: 16, passed: 10, failed: 3, skipped: 2, stopped: 1, notExecuted: 2 },
    machines: ['Linux x64'],
    suites: {
      'Shard 1': ['checkout works', 'flaky', 'is skipped', 'is started twice', 'payment declined'],
      'Shard 2': ['informs', 'is cancelled', 'is interrupted', 'is stopped', 'searches products', 'warns'],
      Raw: ['batched logs', 'iso timestamps', 'posted twice'],
      'Raw › Late children': ['arrives after its parent finished'],
      Late: ['arrives after the launch finished'],
    },
    cases: {
      'Shard 1 › checkout works': { result: 'SUCCESS', steps: ['open checkout › pay: SUCCESS', 'open checkout: SUCCESS'], properties: expect.objectContaining({ testCaseId: 'client/shard-1/checkout works[EUR]', parameters: 'currency=EUR', attributes: 'area:checkout' }) },
      'Shard 1 › payment declined': { result: 'FAILURE', message: 'AssertionError: expected 200, got 402', properties: expect.objectContaining({ testCaseId: 'PAY-42', issueType: 'pb001', issueComment: 'card processor rejects test cards' }) },
      'Shard 1 › is skipped': { result: 'SKIPPED', properties: expect.objectContaining({ issueType: 'NOT_ISSUE' }) },
      'Shard 1 › flaky': { result: 'SUCCESS', flaky: true, attempts: ['FAILURE'] },
      'Shard 1 › is started twice': { result: 'SUCCESS', attempts: [] },
      'Shard 2 › searches products': { result: 'SUCCESS', attachments: [PNG('search.png'), 'search.txt (text/plain, 16 B)'] },
      'Shard 2 › warns': { result: 'SUCCESS', properties: expect.objectContaining({ status: 'warn' }) },
      'Shard 2 › informs': { result: 'SUCCESS', properties: expect.objectContaining({ status: 'info' }) },
      'Shard 2 › is interrupted': { result: 'FAILURE', properties: expect.objectContaining({ status: 'interrupted' }) },
      'Shard 2 › is cancelled': { result: 'SKIPPED', properties: expect.objectContaining({ status: 'cancelled' }) },
      'Shard 2 › is stopped': { result: 'STOPPED' },
      'Raw › posted twice': { result: 'SUCCESS' },
      'Raw › iso timestamps': { result: 'SUCCESS' },
      'Raw › batched logs': { result: 'FAILURE', message: 'screenshot at failure', attachments: [PNG('batch-1.png'), 'batch-2.txt (text/plain, 28 B)'] },
      'Raw › Late children › arrives after its parent finished': { result: 'SUCCESS' },
      'Late › arrives after the launch finished': { result: 'SUCCESS' },
    },
  },
};

/** Attempts of a run: every case once, plus each earlier attempt. */
export const attemptCount = (s: RunSummary) => Object.values(s.cases).reduce((n, c) => n + 1 + c.attempts.length, 0);
