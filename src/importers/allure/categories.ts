/**
 * Allure's categories (`categories.json`): rules that file a test's failure under a name, as
 * `allure generate` 2.x does. A rule matches when the test's status is one of `matchedStatuses` (any, when
 * empty), `messageRegex` and `traceRegex` match the *whole* message and trace (Java `matches`, DOTALL; a
 * missing message or trace never matches a regex), and the test's flaky flag equals the rule's `flaky`
 * (default false). The first matching rule wins; an unmatched `failed` test is "Product defects", an
 * unmatched `broken` one "Test defects".
 *
 * @example classify(compileCategories([{ name: 'Timeouts', messageRegex: '.*Timeout.*', matchedStatuses: ['broken'] }]),
 *   { status: 'broken', message: 'Timeout of 30s exceeded', trace: null, flaky: false }) // 'Timeouts'
 */
export interface CategoryRule {
  name: string;
  statuses: ReadonlySet<string>;
  message: RegExp | null;
  trace: RegExp | null;
  flaky: boolean;
}

export interface Classified {
  status: string | null;
  message: string | null;
  trace: string | null;
  flaky: boolean;
}

export const PRODUCT_DEFECTS = 'Product defects';
export const TEST_DEFECTS = 'Test defects';

/** Rules from the parsed `categories.json`; rules without a name or with a regex JavaScript cannot read are left out. */
export function compileCategories(json: unknown): CategoryRule[] {
  if (!Array.isArray(json)) return [];
  const rules: CategoryRule[] = [];
  for (const raw of json as Record<string, unknown>[]) {
    if (!raw || typeof raw !== 'object' || typeof raw.name !== 'string' || !raw.name.trim()) continue;
    const message = typeof raw.messageRegex === 'string' ? wholeMatch(raw.messageRegex) : null;
    const trace = typeof raw.traceRegex === 'string' ? wholeMatch(raw.traceRegex) : null;
    if (message === undefined || trace === undefined) continue;
    const statuses = Array.isArray(raw.matchedStatuses) ? raw.matchedStatuses.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase()) : [];
    rules.push({ name: raw.name.trim(), statuses: new Set(statuses), message, trace, flaky: raw.flaky === true });
  }
  return rules;
}

/** The category of one test (its latest attempt), or null. */
export function classify(rules: readonly CategoryRule[], t: Classified): string | null {
  for (const rule of rules) {
    if (rule.statuses.size && !(t.status && rule.statuses.has(t.status))) continue;
    if (rule.message && !(t.message !== null && rule.message.test(t.message))) continue;
    if (rule.trace && !(t.trace !== null && rule.trace.test(t.trace))) continue;
    if (rule.flaky !== t.flaky) continue;
    return rule.name;
  }
  return t.status === 'failed' ? PRODUCT_DEFECTS : t.status === 'broken' ? TEST_DEFECTS : null;
}

/**
 * A Java regex as a JavaScript one that must match the whole text: anchored, DOTALL, with Java's leading
 * inline flags (`(?s)`, `(?i)`, `(?m)`) moved into JavaScript flags. Undefined when it does not compile.
 */
function wholeMatch(source: string): RegExp | undefined {
  let flags = 's';
  let body = source;
  const inline = /^\(\?([imsux]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    if (inline[1]!.includes('i')) flags += 'i';
    if (inline[1]!.includes('m')) flags += 'm';
  }
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch {
    return undefined;
  }
}
