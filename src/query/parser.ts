import { percentDecode, unescapeValue } from './decoding.js';
import { fail, type Failure, type Location } from './errors.js';
import { scan, type Token } from './scanner.js';
import type {
  ClauseNode,
  ListNode,
  LiteralNode,
  NullNode,
  Operator,
  PatternNode,
  QueryNode,
  ValueNode,
} from './tree.js';

export type ParseResult = { readonly ok: true; readonly tree: QueryNode } | Failure;

/** Limits that keep every accepted query cheap and inside SQLite's expression-depth and variable limits. */
export const QUERY_LIMITS = { maxLength: 4096, maxClauses: 50, maxListItems: 500 } as const;

/**
 * Parses a `query=` string (reference.md §5) into a tree, or says what is wrong and where.
 * Never throws. An empty, blank or missing query is a tree with no clauses, i.e. no filter.
 *
 * @example parseQuery('result@FAILURE#ABORTED,buildNo:*rc*')
 */
export function parseQuery(input: string | undefined | null): ParseResult {
  const decoded = percentDecode(input ?? '');
  if (!decoded.ok) return decoded;
  const text = decoded.text;
  if (text.length > QUERY_LIMITS.maxLength) {
    return fail('QUERY_TOO_LONG', `A query may have at most ${QUERY_LIMITS.maxLength} characters`, {
      start: QUERY_LIMITS.maxLength,
      end: text.length,
    });
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return fail('INVALID_ENCODING', 'A query may not contain NUL characters', { start: nul, end: nul + 1 });
  }
  const location = { start: 0, end: text.length };
  if (text.trim() === '') return { ok: true, tree: { type: 'Query', clauses: [], location } };

  const tokens = scan(text);
  const clauses: ClauseNode[] = [];
  let next = 0;
  for (;;) {
    const clause = parseClause(tokens, next);
    if (!clause.ok) return clause;
    if (clauses.length === QUERY_LIMITS.maxClauses) {
      return fail('QUERY_TOO_LONG', `A query may have at most ${QUERY_LIMITS.maxClauses} clauses`, clause.node.location);
    }
    clauses.push(clause.node);
    next = clause.next;
    // After a value the scanner always stands on a comma or at the end.
    if (tokens[next].kind === 'end') break;
    next++;
  }
  return { ok: true, tree: { type: 'Query', clauses, location } };
}

type Parsed<T> = { ok: true; node: T; next: number } | Failure;

function parseClause(tokens: Token[], index: number): Parsed<ClauseNode> {
  const field = tokens[index];
  if (field.kind === 'comma' || field.kind === 'end') {
    return fail('EMPTY_CLAUSE', 'Expected a clause such as result:FAILURE, found nothing', at(field));
  }
  if (field.kind !== 'field') {
    return fail(
      'EXPECTED_FIELD',
      `Expected a field name (letters, digits and "_", not starting with a digit), found "${field.text}"`,
      at(field),
    );
  }
  const operator = tokens[index + 1];
  if (operator.kind !== 'operator') {
    const found = operator.kind === 'invalid' ? `"${operator.text}"` : 'nothing';
    const hint = operator.text === '=' ? ' (":" is equality)' : '';
    return fail(
      'EXPECTED_OPERATOR',
      `Expected one of : ! > < ~ @ ; $ after "${field.text}", found ${found}${hint}`,
      operator.kind === 'invalid' ? at(operator) : { start: field.offset + field.length, end: field.offset + field.length },
    );
  }
  const op = operator.text as Operator;
  const valueToken = tokens[index + 2];
  if (valueToken.text.startsWith('=')) {
    return fail(
      'UNSUPPORTED_OPERATOR',
      `"${op}=" is not an operator; write "${op}"${op === '>' || op === '<' ? ' (comparisons are strict)' : ''}`,
      { start: operator.offset, end: valueToken.offset + 1 },
    );
  }
  const value = parseValue(op, valueToken);
  if (!value.ok) return value;
  return {
    ok: true,
    next: index + 3,
    node: {
      type: 'Clause',
      field: { type: 'Field', name: field.text, location: at(field) },
      operator: { type: 'Operator', operator: op, location: at(operator) },
      value: value.node,
      location: { start: field.offset, end: value.node.location.end },
    },
  };
}

type ValueResult<T extends ValueNode> = { ok: true; node: T } | Failure;

function parseValue(op: Operator, token: Token): ValueResult<ValueNode> {
  if (op === '@' || op === ';') return parseList(token);
  if (token.text === 'null' && (op === ':' || op === '!')) {
    return { ok: true, node: { type: 'Null', location: at(token) } };
  }
  if (op === ':') return parseEquality(token);
  return parseLiteral(token.text, token.offset);
}

/** `:abc*`, `:*abc` and `:*abc*` are patterns; an escaped `ts_asterisk` is a literal `*`. */
function parseEquality(token: Token): ValueResult<LiteralNode | PatternNode> {
  const leading = token.text.startsWith('*');
  const trailing = token.text.length > 1 && token.text.endsWith('*');
  if (!leading && !trailing) return parseLiteral(token.text, token.offset);
  const raw = token.text.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (raw === '') {
    return fail('EMPTY_VALUE', 'A wildcard needs some text to match, e.g. buildNo:*rc*', at(token));
  }
  const inner = parseLiteral(raw, token.offset + (leading ? 1 : 0));
  if (!inner.ok) return inner;
  const match = leading && trailing ? 'contains' : leading ? 'endsWith' : 'startsWith';
  return { ok: true, node: { type: 'Pattern', match, value: inner.node.value, location: at(token) } };
}

function parseList(token: Token): ValueResult<ListNode> {
  const items: (LiteralNode | NullNode)[] = [];
  let offset = token.offset;
  for (const raw of token.text.split('#')) {
    const start = offset + (raw.length - raw.trimStart().length);
    const text = raw.trim();
    offset += raw.length + 1;
    if (items.length === QUERY_LIMITS.maxListItems) {
      return fail('QUERY_TOO_LONG', `A list may have at most ${QUERY_LIMITS.maxListItems} items`, {
        start,
        end: token.offset + token.length,
      });
    }
    if (text === 'null') {
      items.push({ type: 'Null', location: { start, end: start + 4 } });
      continue;
    }
    const item = parseLiteral(text, start);
    if (!item.ok) return item;
    items.push(item.node);
  }
  return { ok: true, node: { type: 'List', items, location: at(token) } };
}

function parseLiteral(raw: string, offset: number): ValueResult<LiteralNode> {
  const location = { start: offset, end: offset + raw.length };
  if (raw === '') return fail('EMPTY_VALUE', 'Expected a value', location);
  const star = raw.indexOf('*');
  if (star >= 0) {
    return fail(
      'UNEXPECTED_WILDCARD',
      '"*" is a wildcard only at the start or end of a ":" value; write ts_asterisk for a literal "*"',
      { start: offset + star, end: offset + star + 1 },
    );
  }
  return { ok: true, node: { type: 'Literal', value: unescapeValue(raw), location } };
}

function at(token: Token): Location {
  return { start: token.offset, end: token.offset + token.length };
}
