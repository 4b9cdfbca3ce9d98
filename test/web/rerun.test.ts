/** The UI's pure helpers (web/src): the re-run command per runner, and where commit and branch link to. */
import { describe, expect, it } from 'vitest';
import { branchUrl, commitUrl, jobUrl, repositoryUrl } from '../../web/src/links.js';
import { rerunCommand } from '../../web/src/rerun.js';

describe('rerunCommand', () => {
  it.each([
    [{ tool: 'jest' }, { filePath: 'src/cart.test.ts' }, 'adds an item', undefined, "npx jest 'src/cart.test.ts' -t 'adds an item'"],
    [{ tool: 'vitest' }, { filePath: 'test/a.test.ts' }, 'sums (a + b)', undefined, "npx vitest run 'test/a.test.ts' -t 'sums \\(a \\+ b\\)'"],
    [{ tool: 'playwright' }, { filePath: 'e2e/login.spec.ts', line: '12' }, "can't log in", undefined, "npx playwright test 'e2e/login.spec.ts' -g 'can'\\''t log in'"],
    [{ tool: 'mocha' }, null, 'parses', undefined, "npx mocha --grep 'parses'"],
    [{}, { file: 'tests/test_cart.py', classname: 'tests.test_cart.TestCart' }, 'test_add', undefined, "pytest 'tests/test_cart.py::TestCart::test_add'"],
    [{}, { classname: 'tests.test_cart' }, 'test_add[1-2]', 'pytest', "pytest -k 'test_add'"],
    [{ 'test-framework': 'xUnit.net 2.9.0' }, null, 'Cart.Adds', undefined, "dotnet test --filter 'DisplayName=Cart.Adds'"],
    [{}, { classname: 'github.com/acme/shop/cart' }, 'TestAdd/empty_cart', undefined, "go test -run '^TestAdd$/^empty_cart$' github.com/acme/shop/cart"],
  ])('%j %j %s', (env, properties, name, suite, command) => {
    expect(rerunCommand(env, properties, name, suite)).toBe(command);
  });

  it('is undefined when the runner is not known (a surefire report names a class, not a runner)', () => {
    expect(rerunCommand({ ci: 'Jenkins' }, { classname: 'com.acme.CartTest' }, 'addsItem')).toBeUndefined();
    expect(rerunCommand(null, null, 'login')).toBeUndefined();
  });
});

describe('repository links', () => {
  it('link commit, branch and job where the repository is known, by the host’s own paths', () => {
    const github = { repositoryUrl: 'https://github.com/acme/shop', commit: 'abc1234', branch: 'feature/login', jobUrl: 'https://github.com/acme/shop/actions/runs/1' };
    expect([commitUrl(github), branchUrl(github), jobUrl(github)]).toEqual(['https://github.com/acme/shop/commit/abc1234', 'https://github.com/acme/shop/tree/feature/login', 'https://github.com/acme/shop/actions/runs/1']);
    const gitlab = { repositoryUrl: 'https://gitlab.example.com/group/app/', commit: 'abc1234', branch: 'main' };
    expect([commitUrl(gitlab), branchUrl(gitlab)]).toEqual(['https://gitlab.example.com/group/app/-/commit/abc1234', 'https://gitlab.example.com/group/app/-/tree/main']);
  });

  it('read the repository from a GitHub job URL when only owner/repo was stored, and link nothing that is not http(s)', () => {
    expect(repositoryUrl({ repository: 'acme/shop', jobUrl: 'https://github.com/acme/shop/actions/runs/9' })).toBe('https://github.com/acme/shop');
    expect(commitUrl({ commit: 'abc1234' })).toBeUndefined();
    expect(repositoryUrl({ repositoryUrl: 'javascript:alert(1)' })).toBeUndefined();
    expect(jobUrl({ jobUrl: 'javascript:alert(1)' })).toBeUndefined();
    expect(commitUrl({ repositoryUrl: 'https://github.com/a/b', commit: 'not a sha; rm -rf' })).toBeUndefined();
  });
});
