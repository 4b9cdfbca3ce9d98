/**
 * `verdict quarantine` against a real listening server (127.0.0.1, port 0), on every database: add, list
 * (table, --json, --plan) and release round trip, the server's 4xx messages, and the usage errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfDay, quarantineCommand } from '../../src/cli/commands/quarantine.js';
import { uploadCommand } from '../../src/cli/commands/upload.js';
import { run } from '../../src/cli/main.js';
import { testApp } from '../helpers/app.js';
import { DATABASES } from '../helpers/databases.js';
import { captureIo } from '../http/trigger-support.js';

const JUNIT = (suite: string) =>
  `<testsuite name="${suite}"><testcase classname="${suite}" name="card"/><testcase classname="${suite}" name="paypal"><failure message="sandbox down"/></testcase></testsuite>`;

describe.each(DATABASES)('verdict quarantine on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let server: string;
  let dir: string;
  /** Plan "Pay" ran test `paypal`; plan "Shop" ran another test (its suite differs), never `paypal`. */
  let paypal: number;
  let payPlan: number;
  let shopPlan: number;

  const quarantine = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const { io, out, err } = captureIo();
    const code = await quarantineCommand([...args, ...(env.VERDICT_SERVER ? [] : ['--server', server, '--key', t.key])], io, env);
    return { code, out, err: err.join('\n') };
  };

  const uploadPlan = async (plan: string, suite: string) => {
    const file = join(dir, `${plan}.xml`);
    writeFileSync(file, JUNIT(suite));
    const { io, out } = captureIo();
    expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', plan, file], io, {})).toBe(0);
    const runId = Number(/^Run (\d+)/.exec(out[0]!)![1]);
    const runBody = (await t.get(`/api/v3/test_runs/${runId}`)).json();
    const cases = (await t.get(`/api/v3/test_runs/${runId}/test_case_results?query=${encodeURIComponent('result:FAILURE')}`)).json().content;
    return { planId: runBody.testPlanId as number, failedCaseId: cases[0].testCaseId as number };
  };

  beforeAll(async () => {
    t = await testApp(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    server = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    dir = mkdtempSync(join(tmpdir(), 'verdict-quarantine-cli-'));
    const pay = await uploadPlan('Pay', 'Pay');
    const shop = await uploadPlan('Shop', 'Shop');
    paypal = pay.failedCaseId;
    payPlan = pay.planId;
    shopPlan = shop.planId;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('add, list (table, --json, --plan) and release: a round trip through the API', async () => {
    const empty = await quarantine(['list']);
    expect(empty).toMatchObject({ code: 0, out: [] });
    expect(empty.err).toBe('No test is in quarantine.');

    const added = await quarantine(['add', String(paypal), '--reason', ' PayPal sandbox is flaky (JIRA-42) ', '--until', '2026-12-01']);
    expect(added.code).toBe(0);
    expect(added.out).toEqual([`Quarantined test ${paypal} (paypal) until the end of 2026-12-01: PayPal sandbox is flaky (JIRA-42)`]);
    const stored = (await t.get('/api/v3/quarantines')).json().content;
    expect(stored).toEqual([expect.objectContaining({ testCaseId: paypal, name: 'paypal', reason: 'PayPal sandbox is flaky (JIRA-42)', until: endOfDay('2026-12-01')!.toISOString(), active: true })]);

    const table = await quarantine(['list']);
    expect(table.code).toBe(0);
    expect(table.out).toHaveLength(2);
    expect(table.out[0]).toMatch(/^ID +TEST +SINCE +UNTIL +REASON$/);
    expect(table.out[1]).toMatch(new RegExp(`^${paypal} +paypal +2026-11-2[789] +2026-12-01 +PayPal sandbox is flaky \\(JIRA-42\\)$`));
    expect(table.out[0]!.indexOf('REASON')).toBe(table.out[1]!.indexOf('PayPal'));

    const json = await quarantine(['list', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out.join('\n'))).toEqual({ content: stored });

    const inPay = await quarantine(['list', '--plan', String(payPlan), '--json']);
    expect(JSON.parse(inPay.out.join('\n')).content.map((q: { testCaseId: number }) => q.testCaseId)).toEqual([paypal]);
    const inShop = await quarantine(['list', '--plan', String(shopPlan)]);
    expect(inShop).toMatchObject({ code: 0, out: [] });
    expect(inShop.err).toBe(`No test is in quarantine among plan ${shopPlan}'s tests.`);

    // Quarantined again without --until: the reason is replaced and the quarantine lasts until released.
    const again = await quarantine(['add', String(paypal), '--reason', 'still flaky', '--json']);
    expect(JSON.parse(again.out.join('\n'))).toMatchObject({ testCaseId: paypal, reason: 'still flaky', until: null, active: true });
    expect((await quarantine(['list'])).out[1]).toMatch(/ released +still flaky$/);

    const released = await quarantine(['release', String(paypal)]);
    expect(released).toMatchObject({ code: 0, out: [`Released test ${paypal} from quarantine: its failures fail the build again.`] });
    expect((await t.get('/api/v3/quarantines?all=true')).json().content).toEqual([]);
    expect((await quarantine(['list', '--json'])).out.join('\n')).toBe(JSON.stringify({ content: [] }, null, 2));
  });

  it("shows the server's 4xx message and exits 2: an unknown test, a release of a test not in quarantine, an unknown plan, an ended day", async () => {
    const unknown = await quarantine(['add', '999999', '--reason', 'x']);
    expect(unknown).toMatchObject({ code: 2, out: [] });
    expect(unknown.err).toBe('verdict quarantine: the server answered 404: test case 999999 not found');

    const notQuarantined = await quarantine(['release', String(paypal)]);
    expect(notQuarantined.code).toBe(2);
    expect(notQuarantined.err).toBe(`verdict quarantine: the server answered 404: a quarantine of test case ${paypal} not found`);

    const noPlan = await quarantine(['list', '--plan', '999999']);
    expect(noPlan.code).toBe(2);
    expect(noPlan.err).toBe('verdict quarantine: the server answered 404: test plan 999999 not found');

    // The server's clock says 2026-11-28: a day before it has ended.
    const past = await quarantine(['add', String(paypal), '--reason', 'x', '--until', '2026-11-01']);
    expect(past.code).toBe(2);
    expect(past.err).toMatch(/^verdict quarantine: the server answered 400: until is in the past/);

    const { io, err } = captureIo();
    expect(await quarantineCommand(['list', '--server', server, '--key', 'not-a-key'], io, {})).toBe(2);
    expect(err[0]).toMatch(/^verdict quarantine: the server answered 401: /);
  });

  it('takes VERDICT_SERVER and VERDICT_API_KEY, and says which is missing', async () => {
    const fromEnv = await quarantine(['list', '--json'], { VERDICT_SERVER: `${server}/`, VERDICT_API_KEY: t.key });
    expect(fromEnv.code).toBe(0);
    expect(JSON.parse(fromEnv.out.join('\n'))).toHaveProperty('content');

    const noServer = captureIo();
    expect(await quarantineCommand(['list'], noServer.io, { VERDICT_API_KEY: t.key })).toBe(2);
    expect(noServer.err[0]).toMatch(/^verdict quarantine needs --server URL \(or VERDICT_SERVER\)/);
    const noKey = captureIo();
    expect(await quarantineCommand(['release', '1', '--server', server], noKey.io, {})).toBe(2);
    expect(noKey.err[0]).toMatch(/^verdict quarantine needs --key KEY \(or VERDICT_API_KEY\)/);

    const unreachable = captureIo();
    expect(await quarantineCommand(['list', '--server', 'http://127.0.0.1:1', '--key', t.key], unreachable.io, {})).toBe(2);
    expect(unreachable.err[0]).toMatch(/^verdict quarantine: cannot reach http:\/\/127\.0\.0\.1:1: /);
  });
});

describe('verdict quarantine usage', () => {
  const usage = async (args: string[]) => {
    const { io, out, err } = captureIo();
    const code = await quarantineCommand([...args, '--server', 'http://127.0.0.1:1', '--key', 'k'], io, {});
    return { code, out, err: err.join('\n') };
  };

  it.each([
    [[], 'needs list, add or release'],
    [['remove', '1'], 'needs list, add or release'],
    [['add', 'checkout paypal', '--reason', 'x'], 'add takes a test case id (a number: the UI\'s /tests/ID, or testCaseId in the API; the API has no lookup by name), got "checkout paypal"'],
    [['add', '12'], 'add needs --reason TEXT'],
    [['add', '12', '--reason', 'x', '--until', '2026-02-30'], '--until takes a day, YYYY-MM-DD, got "2026-02-30"'],
    [['add', '12', '--reason', 'x', '--until', 'tomorrow'], '--until takes a day, YYYY-MM-DD, got "tomorrow"'],
    [['release'], 'release takes one test case id'],
    [['list', '--plan', 'Pay'], '--plan takes a plan id, got "Pay"'],
  ])('%j: exit 2, %s', async (args, message) => {
    const r = await usage(args);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err.split('\n')[0]).toBe(`verdict quarantine ${message}`);
    expect(r.err).toContain('verdict quarantine list [--plan ID]');
  });

  it('an option a subcommand does not take is a usage error', async () => {
    const r = await usage(['release', '12', '--reason', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown option '--reason'/);
  });

  it("is in the CLI's help", async () => {
    const { io, err } = captureIo();
    expect(await run(['help'], io)).toBe(0);
    expect(err.join('\n')).toMatch(/verdict quarantine add TEST_CASE_ID --reason TEXT \[--until YYYY-MM-DD\]/);
  });
});
