/** The small glob used for file arguments: `*`, `**`, `?`, literal paths. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandFileArgs, globToRegExp } from '../../src/cli/file-globs.js';

describe('globToRegExp', () => {
  const cases: [string, string, boolean][] = [
    ['*.xml', 'junit.xml', true],
    ['*.xml', 'dir/junit.xml', false],
    ['*.xml', '.hidden.xml', false],
    ['reports/*.xml', 'reports/a.xml', true],
    ['reports/**/*.xml', 'reports/a.xml', true],
    ['reports/**/*.xml', 'reports/x/y/a.xml', true],
    ['reports/**/*.xml', 'other/a.xml', false],
    ['**/TEST-*.xml', 'target/surefire-reports/TEST-com.acme.ATest.xml', true],
    ['**/TEST-*.xml', 'TEST-a.xml', true],
    ['junit-?.xml', 'junit-1.xml', true],
    ['junit-?.xml', 'junit-12.xml', false],
    ['a+b(1).xml', 'a+b(1).xml', true],
    ['reports/**', 'reports/x/y.json', true],
  ];
  it.each(cases)('%s against %s is %s', (pattern, path, expected) => {
    expect(globToRegExp(pattern).test(path)).toBe(expected);
  });
});

describe('expandFileArgs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'verdict-globs-'));
    for (const f of ['a.xml', 'b.json', 'sub/c.xml', 'sub/deep/d.xml', 'sub/deep/e.txt']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), 'x');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('expands globs in argument order, sorted within a glob, without duplicates', () => {
    expect(expandFileArgs(['b.json', '**/*.xml', 'a.xml'], dir)).toEqual({ files: ['b.json', 'a.xml', 'sub/c.xml', 'sub/deep/d.xml'], unmatched: [] });
    expect(expandFileArgs(['sub/*/*.xml'], dir).files).toEqual(['sub/deep/d.xml']);
  });

  it('reports a glob that matches nothing, and throws for a missing literal file', () => {
    expect(expandFileArgs(['*.trx', 'nope/**/*.xml'], dir)).toEqual({ files: [], unmatched: ['*.trx', 'nope/**/*.xml'] });
    expect(() => expandFileArgs(['missing.xml'], dir)).toThrow(/no such file: missing.xml/);
  });
});
