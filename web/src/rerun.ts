/**
 * The command that runs one test again, where the run says which runner wrote it: CTRF's `tool`
 * (jest, vitest, Playwright, Mocha, Cypress, pytest), xUnit.net's `test-framework`, pytest's JUnit
 * (a `.py` file, or pytest's suite name), Go's (gotestsum: a package path and a `TestX` name).
 * Undefined when the runner is not known: a guess would be a command that runs something else.
 *
 * @example
 *   rerunCommand({ tool: 'jest' }, { filePath: 'src/cart.test.ts' }, 'adds an item')
 *   // npx jest 'src/cart.test.ts' -t 'adds an item'
 */
type Facts = Record<string, string> | null | undefined;

/** Single-quoted for a POSIX shell: nothing inside is expanded. */
export const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A name as a regular expression matching itself exactly (jest -t, vitest -t, Playwright -g, mocha --grep take patterns). */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function rerunCommand(env: Facts, properties: Facts, name: string, suiteName?: string): string | undefined {
  const tool = env?.tool?.toLowerCase() ?? '';
  const file = properties?.filePath ?? properties?.file;
  const at = file ? `${shellQuote(file)} ` : '';
  const pattern = shellQuote(literal(name));
  if (tool.includes('jest')) return `npx jest ${at}-t ${pattern}`;
  if (tool.includes('vitest')) return `npx vitest run ${at}-t ${pattern}`;
  if (tool.includes('playwright')) return `npx playwright test ${at}-g ${pattern}`;
  if (tool.includes('mocha')) return `npx mocha ${at}--grep ${pattern}`;
  if (tool.includes('cypress') && file) return `npx cypress run --spec ${shellQuote(file)}`;
  if (tool.includes('pytest') || file?.endsWith('.py') || suiteName === 'pytest') return pytest(file, properties?.classname, name);
  if (env?.['test-framework']?.toLowerCase().startsWith('xunit')) return `dotnet test --filter ${shellQuote(`DisplayName=${name}`)}`;
  const pkg = properties?.classname;
  const go = name.match(/^(Test\w*)(?:\/(.+))?$/);
  if (go && pkg && /^[\w.-]+(\/[\w.-]+)+$/.test(pkg)) return `go test -run ${shellQuote(`^${go[1]}$${go[2] ? `/^${literal(go[2])}$` : ''}`)} ${pkg}`;
  return undefined;
}

/** `pytest 'tests/test_cart.py::TestCart::test_add'` when the file is known; else `pytest -k` on the name. */
function pytest(file: string | undefined, classname: string | undefined, name: string): string {
  if (!file) return `pytest -k ${shellQuote(name.replace(/\[.*\]$/, ''))}`;
  const cls = classname?.split('.').pop();
  const id = cls && /^[A-Z]/.test(cls) ? `${file}::${cls}::${name}` : `${file}::${name}`;
  return `pytest ${shellQuote(id)}`;
}
