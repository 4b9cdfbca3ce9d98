import { OPERATORS, type Operator } from './tree.js';

export type TokenKind = 'field' | 'operator' | 'value' | 'comma' | 'invalid' | 'end';

/** A slice of the decoded query; `offset` and `length` let the parser point at it in errors. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
  readonly length: number;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const OPERATOR_CHARS: ReadonlySet<string> = new Set(OPERATORS);

export function isOperator(char: string): char is Operator {
  return OPERATOR_CHARS.has(char);
}

/**
 * Splits a decoded query into tokens. The language is context-sensitive (after an operator everything up
 * to the next `,` is the value, so `startTime>2024-05-29T07:29:19Z` keeps its colons), so the scanner
 * tracks which token comes next: field, operator, value, comma, field, ...
 * Whitespace before a field, around the operator and after a value is skipped; a value's inner spaces stay.
 * An unexpected character becomes a one-character `invalid` token and the rest of its clause is skipped:
 * the parser stops at the first problem anyway.
 */
export function scan(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let expect: 'field' | 'operator' | 'value' = 'field';

  const push = (kind: TokenKind, start: number, end: number) =>
    tokens.push({ kind, text: text.slice(start, end), offset: start, length: end - start });
  const skipWhitespace = () => {
    while (pos < text.length && WHITESPACE.has(text[pos])) pos++;
  };
  const skipClause = () => {
    const comma = text.indexOf(',', pos);
    pos = comma < 0 ? text.length : comma;
  };

  for (;;) {
    skipWhitespace();
    if (expect === 'value') {
      // The value runs to the next comma; it may be empty, which the parser reports.
      const comma = text.indexOf(',', pos);
      let end = comma < 0 ? text.length : comma;
      const next = end;
      while (end > pos && WHITESPACE.has(text[end - 1])) end--;
      push('value', pos, end);
      pos = next;
      expect = 'field';
      continue;
    }
    if (pos >= text.length) break;
    const char = String.fromCodePoint(text.codePointAt(pos)!); // whole surrogate pairs in errors
    if (char === ',') {
      push('comma', pos, pos + 1);
      pos++;
      expect = 'field';
    } else if (expect === 'field') {
      IDENTIFIER.lastIndex = pos;
      if (IDENTIFIER.test(text)) {
        push('field', pos, IDENTIFIER.lastIndex);
        pos = IDENTIFIER.lastIndex;
        expect = 'operator';
      } else {
        push('invalid', pos, pos + char.length);
        skipClause();
      }
    } else if (isOperator(char)) {
      push('operator', pos, pos + 1);
      pos++;
      expect = 'value';
    } else {
      push('invalid', pos, pos + char.length);
      skipClause();
    }
  }
  push('end', text.length, text.length);
  return tokens;
}
