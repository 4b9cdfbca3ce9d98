/**
 * The small parts of the Allure importer, as specs: Java properties, categories.json rules as
 * `allure generate` applies them, and which steps fold into their parent.
 */
import { describe, expect, it } from 'vitest';
import { classify, compileCategories } from '../../src/importers/allure/categories.js';
import { parseEnvironmentXml, parseProperties } from '../../src/importers/allure/properties.js';
import { buildCase, shownParameters, suiteNameOf } from '../../src/importers/allure/allure-case.js';

describe('parseProperties', () => {
  it.each([
    ['os.platform=linux', { 'os.platform': 'linux' }],
    ['build\\ agent=ci-runner-1', { 'build agent': 'ci-runner-1' }],
    ['title=A \\u2014 B', { title: 'A — B' }],
    ['base.url=https\\://shop.example.org', { 'base.url': 'https://shop.example.org' }],
    ['key : value with = sign', { key: 'value with = sign' }],
    ['key value', { key: 'value' }],
    ['  # a comment\n! another\n\nk=v', { k: 'v' }],
    ['multi=one \\\n    two', { multi: 'one two' }],
    ['even=ends in a backslash\\\\', { even: 'ends in a backslash\\' }],
    ['lead=\\  spaced', { lead: '  spaced' }],
    ['tab=a\\tb\r\nnext=1', { tab: 'a\tb', next: '1' }],
    ['empty=', { empty: '' }],
  ])('%j', (text, expected) => {
    expect(parseProperties(text)).toEqual(expected);
  });

  it('reads environment.xml parameters, entities decoded', () => {
    expect(parseEnvironmentXml('<environment><parameter><key>Browser</key><value>Chrome &amp; more</value></parameter><parameter><key>Stand</key><value>Production</value></parameter></environment>')).toEqual({ Browser: 'Chrome & more', Stand: 'Production' });
  });
});

describe('categories', () => {
  const rules = compileCategories([
    { name: 'Division errors', messageRegex: '.*division by zero.*', matchedStatuses: ['broken'] },
    { name: 'Thrown from the calculator', traceRegex: '(?s).*support\\.js.*', matchedStatuses: ['broken'] },
    { name: 'Wrong results', matchedStatuses: ['failed'] },
    { name: 'Passed after a retry', matchedStatuses: ['passed'], flaky: true },
    { name: 'Bad regex', messageRegex: '(unclosed', matchedStatuses: ['broken'] },
    { messageRegex: 'no name' },
  ]);
  const t = (status: string | null, message: string | null, trace: string | null = null, flaky = false) => classify(rules, { status, message, trace, flaky });

  it('drops rules JavaScript cannot read and rules without a name', () => {
    expect(rules.map((r) => r.name)).toEqual(['Division errors', 'Thrown from the calculator', 'Wrong results', 'Passed after a retry']);
  });
  it('first match wins', () => expect(t('broken', 'division by zero', 'at divide (support.js:3)')).toBe('Division errors'));
  it('a regex matches the whole text, across lines', () => {
    expect(t('broken', 'oops', 'Error: oops\n    at divide (/tmp/support.js:3:9)')).toBe('Thrown from the calculator');
    expect(classify(compileCategories([{ name: 'x', messageRegex: 'division' }]), { status: 'broken', message: 'division by zero', trace: null, flaky: false })).toBe('Test defects');
  });
  it('a missing message never matches a message regex', () => expect(t('broken', null, 'Error')).toBe('Test defects'));
  it('flaky must equal the rule flag', () => {
    expect(t('passed', null, null, true)).toBe('Passed after a retry');
    expect(t('passed', null)).toBeNull();
  });
  it('unmatched failures fall into the defaults', () => {
    expect(classify([], { status: 'failed', message: 'x', trace: null, flaky: false })).toBe('Product defects');
    expect(classify([], { status: 'broken', message: 'x', trace: null, flaky: false })).toBe('Test defects');
    expect(classify([], { status: 'skipped', message: null, trace: null, flaky: false })).toBeNull();
  });
  it('no statuses means any status', () => expect(classify(compileCategories([{ name: 'All', messageRegex: '.*' }]), { status: 'passed', message: 'ok', trace: null, flaky: false })).toBe('All'));
});

describe('a test as a case', () => {
  const none = () => ({ befores: [], afters: [] });
  it('suites from parentSuite › suite › subSuite, the levels present; else package; else titlePath', () => {
    expect(suiteNameOf({ labels: [{ name: 'suite', value: 'a.spec.js' }, { name: 'subSuite', value: 'x > y' }] })).toBe('a.spec.js › x > y');
    expect(suiteNameOf({ labels: [{ name: 'package', value: 'com.acme.CartTest' }] })).toBe('com.acme.CartTest');
    expect(suiteNameOf({ titlePath: ['shop', 'cart.test.js'] })).toBe('shop › cart.test.js');
    expect(suiteNameOf({})).toBe('(no suite)');
  });

  it('hidden parameters are left out and masked ones lose their value', () => {
    expect(shownParameters({ parameters: [{ name: 'a', value: '1' }, { name: 'seed', value: '7', excluded: true }, { name: 'token', value: 's3cret', mode: 'masked' }, { name: 'session', value: 'x', mode: 'hidden' }, { name: 'a', value: '1' }] })).toEqual([
      { name: 'a', value: '1' },
      { name: 'seed', value: '7', excluded: true },
      { name: 'token', masked: true },
    ]);
  });

  it('folds attachment steps into their parent and numbers the others by position', () => {
    const attachment = (name: string) => ({ name, attachments: [{ name, source: `${name}-attachment.txt`, type: 'text/plain' }] });
    const built = buildCase({
      dataSets: [[{ uuid: 'u1', name: 't', status: 'passed', start: 1, stop: 9, steps: [attachment('top.txt'), { name: 'outer', status: 'passed', steps: [attachment('inner.txt'), { name: 'leaf', status: 'broken', statusDetails: { message: 'boom' } }] }] }]],
      fixtures: none,
      categories: [],
    });
    expect(built.case.steps!.map((s) => [s.action, s.steps!.map((c) => [c.action, c.result, c.errorType])])).toEqual([['outer', [['leaf', 'FAILED', 'broken']]]]);
    expect(built.attachments.map((a) => [a.name, a.step])).toEqual([['top.txt', null], ['inner.txt', '1']]);
  });

  it('retries: the latest start wins, earlier attempts kept, flaky when an earlier one failed', () => {
    const built = buildCase({
      dataSets: [[{ uuid: 'a', name: 't', status: 'failed', start: 1, stop: 3, statusDetails: { message: 'no' } }, { uuid: 'b', name: 't', status: 'passed', start: 5, stop: 9 }]],
      fixtures: none,
      categories: [],
    });
    expect(built.case).toMatchObject({ result: 'PASSED', flaky: true, attempts: [{ result: 'FAILURE', message: 'no', duration: 2 }], duration: 4 });
  });
});
