import { describe, expect, it } from 'vitest';
import { ESCAPE_TOKENS, parseQuery, QUERY_LIMITS, type QueryNode } from '../../src/query/index.js';
import { showTree } from './show-tree.js';

function clauses(query: string | undefined): string[] {
  const result = parseQuery(query);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(query)} to parse: ${result.error.message}`);
  return showTree(result.tree);
}

function tree(query: string): QueryNode {
  const result = parseQuery(query);
  if (!result.ok) throw new Error(result.error.message);
  return result.tree;
}

describe('no filter', () => {
  it.each([[''], ['   '], ['%20%20'], ['\t\n']])('%j has no clauses', (query) => {
    expect(clauses(query)).toEqual([]);
  });
  it('a missing query has no clauses', () => {
    expect(clauses(undefined)).toEqual([]);
  });
});

describe('operators', () => {
  it.each([
    ['testPlanId:1', ['testPlanId : "1"']],
    ['testPlanId:1,result:PASSED', ['testPlanId : "1"', 'result : "PASSED"']],
    ['result:PASSED', ['result : "PASSED"']],
    ['result!FAILURE', ['result ! "FAILURE"']],
    ['duration>1000', ['duration > "1000"']],
    ['duration<1000', ['duration < "1000"']],
    ['buildNo~%25rc%25', ['buildNo ~ "%rc%"']],
    ['result@FAILURE#ABORTED', ['result @ ["FAILURE", "ABORTED"]']],
    ['result@SUCCESS', ['result @ ["SUCCESS"]']],
    ['result;FAILURE#ABORTED', ['result ; ["FAILURE", "ABORTED"]']],
    ['testCaseName$login', ['testCaseName $ "login"']],
    ['result@FAILURE#ABORTED,buildNo~%25rc%25', ['result @ ["FAILURE", "ABORTED"]', 'buildNo ~ "%rc%"']],
    ['result@SUCCESS#FAILURE', ['result @ ["SUCCESS", "FAILURE"]']],
    ['triggeredType@API#MANUAL', ['triggeredType @ ["API", "MANUAL"]']],
    ['result@FAILURE,priority@MAJOR#MINOR', ['result @ ["FAILURE"]', 'priority @ ["MAJOR", "MINOR"]']],
    ['_private1:x', ['_private1 : "x"']],
  ])('%s', (query, expected) => {
    expect(clauses(query)).toEqual(expected);
  });
});

describe('wildcards after ":"', () => {
  it.each([
    ['buildNo:abc*', ['buildNo : startsWith "abc"']],
    ['buildNo:*abc', ['buildNo : endsWith "abc"']],
    ['testCaseName:*login*', ['testCaseName : contains "login"']],
    ['buildNo:*rc*', ['buildNo : contains "rc"']],
    ['buildNo:ts_asterisk', ['buildNo : "*"']],
    ['buildNo:ts_asteriskabc', ['buildNo : "*abc"']],
    ['buildNo:*ts_asterisk*', ['buildNo : contains "*"']],
    ['buildNo:a ts_asterisk b*', ['buildNo : startsWith "a * b"']],
    ['buildNo:*%25*', ['buildNo : contains "%"']],
  ])('%s', (query, expected) => {
    expect(clauses(query)).toEqual(expected);
  });
});

describe('null', () => {
  it.each([
    ['buildNo:null', ['buildNo : null']],
    ['buildNo!null', ['buildNo ! null']],
    ['buildNo@null#v1', ['buildNo @ [null, "v1"]']],
    ['buildNo;v1#null', ['buildNo ; ["v1", null]']],
    ['buildNo~null', ['buildNo ~ "null"']],
    ['buildNo$null', ['buildNo $ "null"']],
    ['buildNo:NULL', ['buildNo : "NULL"']],
    ['buildNo:nullable', ['buildNo : "nullable"']],
    ['buildNo:null*', ['buildNo : startsWith "null"']],
  ])('%s', (query, expected) => {
    expect(clauses(query)).toEqual(expected);
  });
});

describe('values run to the next comma', () => {
  it.each([
    ['startTime>2024-05-29T07:29:19Z', ['startTime > "2024-05-29T07:29:19Z"']],
    ['startTime>2024-05-29', ['startTime > "2024-05-29"']],
    ['message:a b c', ['message : "a b c"']],
    ['message:x>y;z@w$v~u!t', ['message : "x>y;z@w$v~u!t"']],
    ['buildNo:#12', ['buildNo : "#12"']],
    ['message:a ts_comma b', ['message : "a , b"']],
    ['duration>-1.5e3', ['duration > "-1.5e3"']],
    ['isDataDriven:true', ['isDataDriven : "true"']],
    ['name:a+b', ['name : "a+b"']],
  ])('%s', (query, expected) => {
    expect(clauses(query)).toEqual(expected);
  });
});

describe('whitespace around clauses, operators and list items is skipped', () => {
  it.each([
    [' result:PASSED ', ['result : "PASSED"']],
    ['result : PASSED , buildNo:1', ['result : "PASSED"', 'buildNo : "1"']],
    ['result@ FAILURE # ABORTED ', ['result @ ["FAILURE", "ABORTED"]']],
    ['\tresult:PASSED,\n buildNo!null', ['result : "PASSED"', 'buildNo ! null']],
  ])('%j', (query, expected) => {
    expect(clauses(query)).toEqual(expected);
  });
});

describe('ts_* escapes are replaced in values', () => {
  it.each(Object.entries(ESCAPE_TOKENS))('buildNo:a%sb', (token, char) => {
    expect(clauses(`buildNo:a${token}b`)).toEqual([`buildNo : ${JSON.stringify(`a${char}b`)}`]);
  });
  it.each([
    ['buildNo:ts_ts_colon', ['buildNo : "ts_:"']],
    ['buildNo:TS_COLON', ['buildNo : "TS_COLON"']],
    ['result@Ats_commaB#C', ['result @ ["A,B", "C"]']],
    ['buildNo:ts_colonts_colon', ['buildNo : "::"']],
    ['buildNo:ts_likets_negation', ['buildNo : "~!"']],
  ])('%s', (query, expected) => {
    expect(clauses(query)).toEqual(expected);
  });
});

describe('the query is percent-decoded once before parsing', () => {
  it.each([
    ['result%3APASSED', ['result : "PASSED"']],
    ['testPlanId%3A1%2Cresult%3APASSED', ['testPlanId : "1"', 'result : "PASSED"']],
    ['result%40FAILURE%23ABORTED', ['result @ ["FAILURE", "ABORTED"]']],
    ['buildNo:100%25', ['buildNo : "100%"']],
    ['buildNo:a%252Cb', ['buildNo : "a%2Cb"']],
    ['name:caf%C3%A9', ['name : "café"']],
    ['name:%e2%9c%93 ok', ['name : "✓ ok"']],
    ['name:%F0%9F%9A%80', ['name : "🚀"']],
    ['name:%EF%BB%BFx', ['name : "\uFEFFx"']],
  ])('%s', (query, expected) => {
    expect(clauses(query)).toEqual(expected);
  });
  it('a query the client encoded twice arrives encoded once and still parses', () => {
    const query = 'startTime>2024-05-29T07:29:19Z,buildNo:*rc*';
    const onceDecodedByHttp = encodeURIComponent(query);
    expect(clauses(onceDecodedByHttp)).toEqual(clauses(query));
  });
});

describe('locations', () => {
  it('result@FAILURE#ABORTED', () => {
    const [clause] = tree('result@FAILURE#ABORTED').clauses;
    expect(clause.location).toEqual({ start: 0, end: 22 });
    expect(clause.field.location).toEqual({ start: 0, end: 6 });
    expect(clause.operator.location).toEqual({ start: 6, end: 7 });
    expect(clause.value.location).toEqual({ start: 7, end: 22 });
    expect(clause.value.type === 'List' && clause.value.items.map((i) => i.location)).toEqual([
      { start: 7, end: 14 },
      { start: 15, end: 22 },
    ]);
  });
  it(' a : b , c!null', () => {
    const [a, c] = tree(' a : b , c!null').clauses;
    expect(a.location).toEqual({ start: 1, end: 6 });
    expect(a.value.location).toEqual({ start: 5, end: 6 });
    expect(c.location).toEqual({ start: 9, end: 15 });
  });
  it('a%3Ab (offsets are into the decoded query)', () => {
    expect(tree('a%3Ab').clauses[0].value.location).toEqual({ start: 2, end: 3 });
  });
});

describe('errors: code, position and length', () => {
  const tooManyClauses = Array.from({ length: QUERY_LIMITS.maxClauses + 1 }, (_, i) => `a:${i}`).join(',');
  const tooManyItems = `a@${Array.from({ length: QUERY_LIMITS.maxListItems + 1 }, () => '1').join('#')}`;
  it.each([
    ['result%3', 'INVALID_ENCODING', 6, 2],
    ['result%zzPASSED', 'INVALID_ENCODING', 6, 3],
    ['buildNo~%rc%', 'INVALID_ENCODING', 8, 3],
    ['name:100%', 'INVALID_ENCODING', 8, 1],
    ['name:%E9', 'INVALID_ENCODING', 5, 3],
    ['name:%C3%28', 'INVALID_ENCODING', 5, 6],
    ['name:%ED%A0%80', 'INVALID_ENCODING', 5, 9],
    ['name:a%00', 'INVALID_ENCODING', 6, 1],
    ['x'.repeat(QUERY_LIMITS.maxLength + 1), 'QUERY_TOO_LONG', QUERY_LIMITS.maxLength, 1],
    [tooManyClauses, 'QUERY_TOO_LONG', tooManyClauses.lastIndexOf('a:'), 4],
    [tooManyItems, 'QUERY_TOO_LONG', 2 + 2 * QUERY_LIMITS.maxListItems, 1],
    [',', 'EMPTY_CLAUSE', 0, 1],
    ['result:A,', 'EMPTY_CLAUSE', 9, 0],
    ['result:A,,b:1', 'EMPTY_CLAUSE', 9, 1],
    [':A', 'EXPECTED_FIELD', 0, 1],
    ['1a:2', 'EXPECTED_FIELD', 0, 1],
    ['a:1,ñame:2', 'EXPECTED_FIELD', 4, 1],
    ['a:1,🚀:2', 'EXPECTED_FIELD', 4, 2],
    ['result', 'EXPECTED_OPERATOR', 6, 0],
    ['result=PASSED', 'EXPECTED_OPERATOR', 6, 1],
    ['a.b:1', 'EXPECTED_OPERATOR', 1, 1],
    ['result,b:1', 'EXPECTED_OPERATOR', 6, 0],
    ['result PASSED', 'EXPECTED_OPERATOR', 7, 1],
    ['result!=FAILURE', 'UNSUPPORTED_OPERATOR', 6, 2],
    ['duration>=5', 'UNSUPPORTED_OPERATOR', 8, 2],
    ['duration< =5', 'UNSUPPORTED_OPERATOR', 8, 3],
    ['result:', 'EMPTY_VALUE', 7, 0],
    ['result: ,b:1', 'EMPTY_VALUE', 8, 0],
    ['result@A##B', 'EMPTY_VALUE', 9, 0],
    ['result@A#', 'EMPTY_VALUE', 9, 0],
    ['result@', 'EMPTY_VALUE', 7, 0],
    ['buildNo:*', 'EMPTY_VALUE', 8, 1],
    ['buildNo:**', 'EMPTY_VALUE', 8, 2],
    ['buildNo:a*b', 'UNEXPECTED_WILDCARD', 9, 1],
    ['buildNo:***', 'UNEXPECTED_WILDCARD', 9, 1],
    ['buildNo!*rc*', 'UNEXPECTED_WILDCARD', 8, 1],
    ['buildNo$rc*', 'UNEXPECTED_WILDCARD', 10, 1],
    ['result@FAIL*', 'UNEXPECTED_WILDCARD', 11, 1],
  ])('%s → %s at %i (length %i)', (query, code, position, length) => {
    const result = parseQuery(query);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect({ code: result.error.code, position: result.error.position, length: result.error.length }).toEqual({
      code,
      position,
      length,
    });
    expect(result.error.message).not.toBe('');
  });

  it('messages say what to write instead', () => {
    const message = (query: string) => {
      const result = parseQuery(query);
      return result.ok ? '' : result.error.message;
    };
    expect(message('result=PASSED')).toContain('":" is equality');
    expect(message('result!=FAILURE')).toContain('write "!"');
    expect(message('buildNo~%rc%')).toContain('%25');
    expect(message('buildNo:a*b')).toContain('ts_asterisk');
  });
});
