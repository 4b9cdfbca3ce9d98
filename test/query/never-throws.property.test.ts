import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFilter, ESCAPE_TOKENS, parseQuery, QUERY_LIMITS } from '../../src/query/index.js';
import { createRunTable, dropRunTable, RUN_FIELDS, selectIds, testDatabases } from './run-table.js';

const FIELDS = [...Object.keys(RUN_FIELDS), 'unknown', 'constructor', '__proto__'];
const OPERATORS = [':', '!', '>', '<', '~', '@', ';', '$'];
const VALUES = [
  'null', 'PASSED', 'SUCCESS', 'FAILURE', 'API', 'true', '0', '1.5', '-3', '1e999', '2024-05-29',
  '2024-05-29T07:29:19Z', '2024-05-29T09:29:19.25+02:00', '1716967759250', 'v1.0-rc1', '%25rc%25', '*rc*',
  'rc*', '*rc', "' OR 1=1 --", '\\', '_', 'a#b', 'null#API', 'café', '🚀', ...Object.keys(ESCAPE_TOKENS),
];
/** Characters and sequences that mean something to the scanner, the decoder or SQL. */
const TRICKY = [
  ...OPERATORS, ',', '#', '*', '%', '%2', '%25', '%2C', '%3A', '%E9', '%C3%A9', '%F0%9F%9A%80', '%00', '%ZZ',
  '\\', "'", '"', ' ', '\t', '=', '.', 'null', 'ts_', 'ts_comma', 'ts_asterisk', '\uD800', '\uDFFF', '\u0000', 'É',
];

const clause = fc
  .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...OPERATORS), fc.array(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 }))
  .map(([field, op, values]) => `${field}${op}${values.join('#')}`);
const validLooking = fc.array(clause, { minLength: 1, maxLength: 5 }).map((clauses) => clauses.join(','));

type Mutation = { at: number; kind: 'insert' | 'delete' | 'replace'; text: string };
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert' as const, 'delete' as const, 'replace' as const),
  text: fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'binary', maxLength: 3 })),
});
function mutate(query: string, mutations: Mutation[]): string {
  return mutations.reduce((text, { at, kind, text: piece }) => {
    const i = text.length === 0 ? 0 : at % (text.length + 1);
    if (kind === 'insert') return text.slice(0, i) + piece + text.slice(i);
    if (kind === 'delete') return text.slice(0, i) + text.slice(i + 1);
    return text.slice(0, i) + piece + text.slice(i + 1);
  }, query);
}
const mutated = fc.tuple(validLooking, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([q, m]) => mutate(q, m));
const randomText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(...TRICKY, 'a', 'result', '1'), maxLength: 30 }),
);
const anyQuery = fc.oneof(validLooking, mutated, randomText);

describe.each(testDatabases())('any query string on $name', ({ open }) => {
  const { db, table } = open();
  beforeAll(() => createRunTable(db, table));
  afterAll(async () => {
    await dropRunTable(db, table);
    await db.destroy();
  });

  it('parses and compiles without throwing, and what compiles executes', async () => {
    let compiled = 0;
    await fc.assert(
      fc.asyncProperty(anyQuery, async (query) => {
        const filter = buildFilter(query, RUN_FIELDS);
        if (!filter.ok) return;
        compiled++;
        await selectIds(db, table, filter.where);
      }),
      { numRuns: 4000 },
    );
    expect(compiled).toBeGreaterThan(100); // the generators do reach the database
  });

  // SQLite refuses expression trees deeper than 1000; QUERY_LIMITS keep accepted queries well inside.
  const { maxLength, maxClauses, maxListItems } = QUERY_LIMITS;
  const days = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
  const dayList = (count: number) => `startTime;${days.slice(0, count).join('#')}`;
  it.each([
    ['the most clauses', Array.from({ length: maxClauses }, () => 'startTime!2024-05-29').join(',')],
    ['the longest date list', dayList(Math.floor((maxLength - 10) / 11))],
    ['the longest id list', `id@${Array.from({ length: maxListItems }, (_, i) => i).join('#')}`],
    [
      'a long epoch list among many clauses',
      [`startTime@${Array.from({ length: maxListItems }, (_, i) => i).join('#')}`, ...Array(maxClauses - 1).fill('id!1')].join(','),
    ],
    ['clauses with long date lists', Array.from({ length: 11 }, () => dayList(31)).join(',')],
  ])('the largest accepted queries execute: %s', async (_, query) => {
    expect(query.length).toBeLessThanOrEqual(maxLength);
    const filter = buildFilter(query, RUN_FIELDS);
    expect(filter.ok).toBe(true);
    if (filter.ok) await selectIds(db, table, filter.where);
  });
});

describe('errors and locations stay inside the query', () => {
  it('for thousands of queries', () => {
    fc.assert(
      fc.property(anyQuery, (query) => {
        const result = parseQuery(query);
        if (!result.ok) {
          const { position, length } = result.error;
          expect(position).toBeGreaterThanOrEqual(0);
          expect(length).toBeGreaterThanOrEqual(0);
          expect(position + length).toBeLessThanOrEqual(query.length);
          return;
        }
        for (const clause of result.tree.clauses) {
          expect(clause.location.start).toBeLessThanOrEqual(clause.location.end);
          expect(clause.location.end).toBeLessThanOrEqual(result.tree.location.end);
        }
      }),
      { numRuns: 4000 },
    );
  });
});
