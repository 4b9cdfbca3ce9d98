/** Each mask of a failure's fingerprint, one by one, and the frames it skips (core/fingerprint.ts). */
import { describe, expect, it } from 'vitest';
import { failureFingerprint, normalizeMessage, topFrame } from '../../src/core/fingerprint.js';

describe('normalizeMessage', () => {
  it.each([
    ['a UUID', 'order 3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b not found', 'order <uuid> not found'],
    ['an ISO time with zone', 'expired at 2026-11-30T07:29:19.123+01:00', 'expired at <time>'],
    ['a clock time', 'timed out at 07:29:19.5', 'timed out at <time>'],
    // The path's token is masked whole, a `:line` after it included.
    ['a Unix temporary path', 'cannot read /tmp/pytest-of-ci/pytest-12/test_x0/out.json:12 today', 'cannot read <tmp> today'],
    ['a macOS temporary path', 'wrote /var/folders/xy/abc123/T/report.html', 'wrote <tmp>'],
    ['a Windows temporary path', 'locked C:\\Users\\ci\\AppData\\Local\\Temp\\x1\\db.lock', 'locked <tmp>'],
    ['a 0x address', 'segfault at 0x7ffd5e8c', 'segfault at <hex>'],
    ['a long hex id', 'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 missing', 'commit <hex> missing'],
    ['a file:line:column', 'SyntaxError in cart.ts:41:7', 'SyntaxError in cart.ts:<line>'],
    ['a Python "line N"', 'error on line 314 of the template', 'error on line <n> of the template'],
    ['numbers, signed and with exponents', 'expected -1.5e3 to equal 42', 'expected <n> to equal <n>'],
  ])('masks %s', (_, message, expected) => {
    expect(normalizeMessage(message)).toBe(expected);
  });

  it('takes the first non-empty line, at most 300 characters, with runs of spaces made one', () => {
    expect(normalizeMessage('\n\n  boom   here  \nsecond line')).toBe('boom here');
    expect(normalizeMessage('x'.repeat(400))).toHaveLength(300);
  });
});

describe('topFrame', () => {
  it("skips the runtime's and the frameworks' frames", () => {
    const js = ['Error: nope', '    at Object.<anonymous> (node_modules/jest-circus/build/x.js:1:1)', '    at checkout (src/cart/checkout.js:88:12)'].join('\n');
    expect(topFrame(js)).toBe('checkout.js:checkout');
    const python = ['Traceback (most recent call last):', '  File "/venv/lib/_pytest/python.py", line 194, in pytest_pyfunc_call', '  File "tests/test_cart.py", line 12, in test_total'].join('\n');
    expect(topFrame(python)).toBe('test_cart.py:test_total');
    expect(topFrame('    at org.junit.Assert.fail(Assert.java:89)\n    at com.shop.CartTest.total(CartTest.java:31)')).toBe('CartTest.java:com.shop.CartTest.total');
  });
});

describe('failureFingerprint', () => {
  it('is the same for failures that differ only in what the masks hide, and differs by error type or place', () => {
    const a = failureFingerprint({ errorType: 'TimeoutError', message: 'waited 3012 ms for /tmp/run-1/ready at 10:00:01', stackTrace: '    at wait (src/wait.js:5:1)' });
    const b = failureFingerprint({ errorType: 'TimeoutError', message: 'waited 2999 ms for /tmp/run-77/ready at 11:42:09', stackTrace: '    at wait (src/wait.js:9:3)' });
    expect(b.key).toBe(a.key);
    expect(failureFingerprint({ errorType: 'AssertionError', message: 'waited 3012 ms for /tmp/run-1/ready at 10:00:01', stackTrace: '    at wait (src/wait.js:5:1)' }).key).not.toBe(a.key);
    expect(failureFingerprint({ errorType: 'TimeoutError', message: 'waited 3012 ms for /tmp/run-1/ready at 10:00:01', stackTrace: '    at poll (src/poll.js:5:1)' }).key).not.toBe(a.key);
  });
});
