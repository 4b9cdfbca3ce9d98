/** The trigger hook's templates: placeholders, rendering into a URL and a JSON body, and the checks of a hook's settings. */
import { describe, expect, it } from 'vitest';
import { hookFailureMessage, hookProblem, hookSucceeded, renderBody, renderUrl, triggerTimeoutMessage, unknownPlaceholder, type HookSettings, type TriggerValues } from '../../src/core/trigger-hook.js';

const values: TriggerValues = {
  plain: { runId: '517', planId: '420', planName: 'Check "out"', buildNo: '1.4.2', environmentId: '', serverUrl: 'https://verdict.example', runUrl: 'https://verdict.example/runs/517' },
  runtimeData: { branch: 'feature/a b' },
  secrets: { token: 'glptt-x' },
};
const hook = (over: Partial<HookSettings> = {}): HookSettings => ({ url: 'https://ci.example/trigger', method: 'POST', headers: {}, secrets: {}, body: null, timeoutMinutes: null, ...over });

describe('trigger hook templates', () => {
  it('renders placeholders inside every JSON string, keys included, escaping through JSON; non-strings stay', () => {
    const body = { ref: 'main', inputs: { verdict_run_id: '{{runId}}', title: '{{ planName }} #{{buildNo}}', '{{runtimeData.branch}}': true, env: '{{environmentId}}', n: 3, list: ['{{secrets.token}}', null] } };
    const rendered = renderBody(body, values);
    expect(rendered).toEqual({ ref: 'main', inputs: { verdict_run_id: '517', title: 'Check "out" #1.4.2', 'feature/a b': true, env: '', n: 3, list: ['glptt-x', null] } });
    expect(JSON.parse(JSON.stringify(rendered))).toEqual(rendered);
    expect(renderBody({ missing: '{{runtimeData.nope}}' }, values)).toEqual({ missing: '' });
  });

  it('percent-encodes values rendered into a URL', () => {
    expect(renderUrl('https://ci.example/job/{{planName}}/build?token={{secrets.token}}&branch={{runtimeData.branch}}', values)).toBe('https://ci.example/job/Check%20%22out%22/build?token=glptt-x&branch=feature%2Fa%20b');
  });

  it('names the first unknown placeholder, and a secret the hook does not have', () => {
    expect(unknownPlaceholder('{{runId}} {{runtimeData.x}} {{secrets.token}}', ['token'])).toBeUndefined();
    expect(unknownPlaceholder('{{runID}}', [])).toMatch(/^\{\{runID\}\} is not a placeholder/);
    expect(unknownPlaceholder('{{secrets.pat}}', ['token'])).toBe('{{secrets.pat}} names no secret of the hook (secrets: token)');
  });

  it('checks settings: http(s) URL, methods, header names and one-line values, secret names, timeout', () => {
    expect(hookProblem(hook())).toBeUndefined();
    expect(hookProblem(hook({ url: 'https://{{secrets.host}}/x', secrets: { host: 'ci.example' } }))).toBeUndefined();
    expect(hookProblem(hook({ url: 'file:///etc/passwd' }))?.field).toBe('url');
    expect(hookProblem(hook({ headers: { 'Bad Name': 'x' } }))?.field).toBe('headers.Bad Name');
    expect(hookProblem(hook({ headers: { 'Content-Length': '1' } }))?.field).toBe('headers.Content-Length');
    expect(hookProblem(hook({ headers: { Authorization: 'a\nb' } }))).toEqual({ field: 'headers.Authorization', message: 'must be one line of at most 8192 characters' });
    expect(hookProblem(hook({ secrets: { 'a.b': 'x' } }))?.field).toBe('secrets.a.b');
    expect(hookProblem(hook({ timeoutMinutes: 1.5 }))?.field).toBe('timeoutMinutes');
    expect(hookProblem(hook({ body: { x: '{{nope}}' } }))?.field).toBe('body');
  });

  it('says what an outcome means for the run', () => {
    const at = { calledAt: 0, durationMs: 5 };
    expect(hookSucceeded({ ...at, statusCode: 204, error: null })).toBe(true);
    expect(hookSucceeded({ ...at, statusCode: 302, error: null })).toBe(false);
    expect(hookFailureMessage({ ...at, statusCode: 401, error: null })).toBe('the trigger hook failed: it answered HTTP 401');
    expect(hookFailureMessage({ ...at, statusCode: null, error: 'getaddrinfo ENOTFOUND ci.example' })).toBe('the trigger hook failed: getaddrinfo ENOTFOUND ci.example');
    expect(triggerTimeoutMessage(1)).toBe('no results arrived within 1 minute of the trigger');
  });
});
