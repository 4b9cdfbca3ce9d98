import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFilter, compileQuery, parseQuery, type Where } from '../../src/query/index.js';
import { createRunTable, dropRunTable, RUN_FIELDS, selectIds, testDatabases } from './run-table.js';

function where(query: string): Where {
  const filter = buildFilter(query, RUN_FIELDS);
  if (!filter.ok) throw new Error(`expected ${query} to compile: ${filter.error.code} ${filter.error.message}`);
  return filter.where;
}

// Rows (see run-table.ts): 1 Login works, 2 Logout, 3 Search 100% done, 4 under_score \ back, 5 O'Brien café
const MATCHES: [query: string, ids: number[]][] = [
  ['', [1, 2, 3, 4, 5]],
  // enums, aliases and NULL handling of negations
  ['result:PASSED', [1, 5]],
  ['result:SUCCESS', [1, 5]],
  ['result:failed', [2]],
  ['result!FAILURE', [1, 3, 4, 5]],
  ['result@SUCCESS#FAILURE', [1, 2, 5]],
  ['result@PASSED#FAILED', [1, 2, 5]],
  ['result;SUCCESS#FAILURE', [3, 4]],
  ['triggeredType@API#MANUAL', [1, 2, 5]],
  ['triggeredType!API', [2, 3, 4]],
  ['triggeredType;API', [2, 3, 4]],
  ['triggeredType;API#null', [2, 3]],
  ['triggeredType@null#API', [1, 4, 5]],
  ['triggeredType@null', [4]],
  ['triggeredType;null', [1, 2, 3, 5]],
  // strings
  ['buildNo:null', [4]],
  ['buildNo!null', [1, 2, 3, 5]],
  ['buildNo:v1.0', [3]],
  ['buildNo:V1.0', []],
  ['buildNo!v1.0', [1, 2, 4, 5]],
  ['buildNo:v1.0*', [1, 2, 3]],
  ['buildNo:*rc1', [1]],
  ['buildNo:*RC*', [1, 2]],
  ['buildNo:*rc*', [1, 2]],
  ['buildNo$RC', [1, 2]],
  ['buildNo~v1.0-rc_', [1, 2]],
  ['buildNo~%25rc%25', [1, 2]],
  ['buildNo~V2%25', [5]],
  ['buildNo~v1\\.0', [3]],
  ['buildNo~v1_0', [3]],
  ['name~%25\\%25%25', [3]],
  ['name~%25\\_%25', [4]],
  ['name:*100%25*', [3]],
  ['name:*_*', [4]],
  ['name$\\', [4]],
  ["name$o'b", [5]],
  ['name:*café*', [5]],
  ['name>M', [3, 4, 5]],
  ['name<M', [1, 2]],
  ['name@Logout#Login works', [1, 2]],
  ['name;Logout', [1, 3, 4, 5]],
  // numbers
  ['id@1#3#5', [1, 3, 5]],
  // beyond a 32-bit integer column's range: no match, not a database error (PostgreSQL rejects an int4 parameter)
  ['id:1716967759250', []],
  ['id<1716967759250', [1, 2, 3, 4, 5]],
  ['id@1#1716967759250', [1]],
  ['id;1#3', [2, 4, 5]],
  ['duration>1000', [2, 5]],
  ['duration<1000', [4]],
  ['duration:0', [4]],
  ['duration:1e3', [1]],
  ['duration>999.5', [1, 2, 5]],
  ['duration<1e30', [1, 2, 4, 5]],
  ['duration!1000', [2, 3, 4, 5]],
  ['duration@1000#2500', [1, 2]],
  ['duration:null', [3]],
  // datetimes: a date is its whole UTC day for ":"/"!", its midnight for ">"/"<"
  ['startTime>2024-05-29', [2, 3, 5]],
  ['startTime<2024-05-29', [1]],
  ['startTime:2024-05-29', [2, 3]],
  ['startTime!2024-05-29', [1, 4, 5]],
  ['startTime:2024-05-29T07:29:19Z', [2]],
  ['startTime:2024-05-29T07:29Z', [2]],
  ['startTime:2024-05-29T07:29:19.250Z', [2]],
  ['startTime:2024-05-29T07:29:19.251Z', []],
  ['startTime:2024-05-29T07:29:19.25Z', [2]],
  ['startTime:2024-05-29T09:29:19+02:00', [2]],
  ['startTime:2024-05-29T07:29:19', [2]],
  [`startTime:${Date.parse('2024-05-29T07:29:19.250Z')}`, [2]],
  [`startTime>${Date.parse('2024-05-29T07:29:19.250Z')}`, [3, 5]],
  ['startTime>2024-05-29T07:29:19Z', [2, 3, 5]],
  ['startTime@2024-05-28#2024-06-01', [1, 5]],
  ['startTime;2024-05-29', [1, 4, 5]],
  ['startTime;2024-05-29#null', [1, 5]],
  ['startTime:null', [4]],
  // booleans
  ['isFlaky:true', [2, 5]],
  ['isFlaky:0', [1, 3, 4]],
  ['isFlaky!TRUE', [1, 3, 4]],
  ['isFlaky@true#false', [1, 2, 3, 4, 5]],
  ['isFlaky;1', [1, 3, 4]],
  // clauses are ANDed
  ['result@SUCCESS#FAILURE,buildNo:*rc*', [1, 2]],
  ['result:PASSED,isFlaky:true,startTime>2024-05-29', [5]],
  ['result:SUCCESS,result:FAILURE', []],
];

describe.each(testDatabases())('compiled filters on $name', ({ open }) => {
  const { db, table } = open();
  beforeAll(() => createRunTable(db, table));
  afterAll(async () => {
    await dropRunTable(db, table);
    await db.destroy();
  });

  it.each(MATCHES)('%s', async (query, ids) => {
    expect(await selectIds(db, table, where(query))).toEqual(ids);
  });
});

describe('compile errors: code, position and length', () => {
  it.each([
    ['foo:1', 'UNKNOWN_FIELD', 0, 3],
    ['result:PASSED,Result:PASSED', 'UNKNOWN_FIELD', 14, 6],
    ['constructor:1', 'UNKNOWN_FIELD', 0, 11],
    ['__proto__:1', 'UNKNOWN_FIELD', 0, 9],
    ['toString:1', 'UNKNOWN_FIELD', 0, 8],
    ['isFlaky>true', 'OPERATOR_NOT_ALLOWED', 7, 1],
    ['result>FAILURE', 'OPERATOR_NOT_ALLOWED', 6, 1],
    ['result~FAIL%25', 'OPERATOR_NOT_ALLOWED', 6, 1],
    ['result$FAIL', 'OPERATOR_NOT_ALLOWED', 6, 1],
    ['duration~1%25', 'OPERATOR_NOT_ALLOWED', 8, 1],
    ['duration$1', 'OPERATOR_NOT_ALLOWED', 8, 1],
    ['startTime$2024', 'OPERATOR_NOT_ALLOWED', 9, 1],
    ['result:SUCC*', 'OPERATOR_NOT_ALLOWED', 6, 1],
    ['duration:*1*', 'OPERATOR_NOT_ALLOWED', 8, 1],
    ['name:null', 'OPERATOR_NOT_ALLOWED', 4, 1],
    ['id!null', 'OPERATOR_NOT_ALLOWED', 2, 1],
    ['result@SUCCESS#null', 'OPERATOR_NOT_ALLOWED', 6, 1],
    ['result:success', 'INVALID_ENUM_VALUE', 7, 7],
    ['result:PASS', 'INVALID_ENUM_VALUE', 7, 4],
    ['result@SUCCESS#PASS', 'INVALID_ENUM_VALUE', 15, 4],
    ['triggeredType;API#CRON', 'INVALID_ENUM_VALUE', 18, 4],
    ['duration:abc', 'INVALID_NUMBER', 9, 3],
    ['duration:1e999', 'INVALID_NUMBER', 9, 5],
    ['duration:0x10', 'INVALID_NUMBER', 9, 4],
    ['duration:NaN', 'INVALID_NUMBER', 9, 3],
    ['duration:Infinity', 'INVALID_NUMBER', 9, 8],
    ['id@1#two', 'INVALID_NUMBER', 5, 3],
    ['startTime>yesterday', 'INVALID_DATE', 10, 9],
    ['startTime>2024-02-30', 'INVALID_DATE', 10, 10],
    ['startTime>2024-05-29T24:00:00Z', 'INVALID_DATE', 10, 20],
    ['startTime>2024-5-29', 'INVALID_DATE', 10, 9],
    ['startTime>2024-05-29T07:29:19+25:00', 'INVALID_DATE', 10, 25],
    ['startTime>99999999999999999', 'INVALID_DATE', 10, 17],
    ['startTime@2024-05-29#soon', 'INVALID_DATE', 21, 4],
    ['isFlaky:yes', 'INVALID_BOOLEAN', 8, 3],
    ['buildNo~abc\\', 'INVALID_PATTERN', 8, 4],
    ['buildNo~abc\\\\\\', 'INVALID_PATTERN', 8, 6],
  ])('%s → %s at %i (length %i)', (query, code, position, length) => {
    const filter = buildFilter(query, RUN_FIELDS);
    expect(filter.ok).toBe(false);
    if (filter.ok) return;
    expect({ code: filter.error.code, position: filter.error.position, length: filter.error.length }).toEqual({
      code,
      position,
      length,
    });
  });

  it('messages name the problem and the way out', () => {
    const message = (query: string) => {
      const filter = buildFilter(query, RUN_FIELDS);
      return filter.ok ? '' : filter.error.message;
    };
    expect(message('Result:PASSED')).toContain('did you mean result?');
    expect(message('foo:1')).toContain('buildNo');
    expect(message('result:success')).toContain('did you mean SUCCESS?');
    expect(message('result:PASS')).toContain('SUCCESS, FAILURE');
    expect(message('isFlaky>true')).toContain('boolean');
    expect(message('name:null')).toContain('never null');
  });
});

describe('compiled SQL', () => {
  const { db } = testDatabases()[0].open();
  afterAll(() => db.destroy());
  const compiled = (query: string) => db.selectFrom('run as r').select('r.id').where(where(query)).compile();

  it('binds every value and takes columns from the field table', () => {
    const { sql, parameters } = compiled("name:x' OR '1'='1,buildNo$50%25_off,result@PASSED#FAILED");
    expect(sql).toBe(
      'select "r"."id" from "run" as "r" where ("r"."name" = ? and lower("r"."build_no") like lower(?) escape \'\\\' ' +
        'and "r"."result" in (?, ?))',
    );
    expect(parameters).toEqual(["x' OR '1'='1", '%50\\%\\_off%', 'SUCCESS', 'FAILURE']);
  });

  it('a missing query compiles to a condition that is always true', () => {
    const { sql } = db.selectFrom('run as r').select('r.id').where(where('')).compile();
    expect(sql).toBe('select "r"."id" from "run" as "r" where 1 = 1');
  });

  it('~ passes the client pattern through; : and $ escape it', () => {
    expect(compiled('buildNo~a%25b_').parameters).toEqual(['a%b_']);
    expect(compiled('buildNo:*a%25b_*').parameters).toEqual(['%a\\%b\\_%']);
    expect(compiled('buildNo:a\\b*').parameters).toEqual(['a\\\\b%']);
  });

  it('compileQuery takes a tree from parseQuery', () => {
    const parsed = parseQuery('result:PASSED');
    expect(parsed.ok && compileQuery(parsed.tree, RUN_FIELDS).ok).toBe(true);
  });
});
