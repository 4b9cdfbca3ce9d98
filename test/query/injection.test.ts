import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFilter } from '../../src/query/index.js';
import { countRows, createRunTable, dropRunTable, RUNS, selectIds, testDatabases, type RunRow } from './run-table.js';

/** Names that would break a query built by string concatenation, or that mean something to LIKE. */
const HOSTILE = [
  "' OR 1=1 --",
  "Robert'); DROP TABLE run;--",
  '%',
  '_',
  '\\',
  'a%b',
  'a_b',
  'a\\b',
  '\\%',
  '"double" \'single\' `back`',
  'ünïcödé ✓ 🚀',
  'ÉCOLE',
  '; select 1',
  '$1 ? :name',
];

const ROWS: RunRow[] = HOSTILE.map((name, i) => ({ ...RUNS[0], id: i + 1, name }));
const idOf = (name: string) => HOSTILE.indexOf(name) + 1;

/** How a client writes a literal value into a query: percent-escape `%`, ts_-escape `,` and `*`. */
function literal(text: string): string {
  return text.replace(/%/g, '%25').replace(/\*/g, 'ts_asterisk').replace(/,/g, 'ts_comma');
}

describe.each(testDatabases())('hostile values match literally on $name', ({ open }) => {
  const { db, table } = open();
  beforeAll(() => createRunTable(db, table, ROWS));
  afterAll(async () => {
    await dropRunTable(db, table);
    await db.destroy();
  });

  const ids = async (query: string) => {
    const filter = buildFilter(query, { name: { column: 'r.name', type: 'string' } });
    if (!filter.ok) throw new Error(`${query}: ${filter.error.message}`);
    return selectIds(db, table, filter.where);
  };
  /** Every hostile name that contains `text`, ignoring ASCII case (the same rule on both databases). */
  const containing = (text: string) =>
    HOSTILE.filter((name) => asciiLower(name).includes(asciiLower(text))).map(idOf);

  it.each(HOSTILE)('name:%s finds exactly its row', async (name) => {
    expect(await ids(`name:${literal(name)}`)).toEqual([idOf(name)]);
  });

  it.each(HOSTILE)('name$%s finds the names containing it', async (name) => {
    expect(await ids(`name$${literal(name)}`)).toEqual(containing(name));
  });

  it.each(HOSTILE)('name:*%s* finds the names containing it', async (name) => {
    expect(await ids(`name:*${literal(name)}*`)).toEqual(containing(name));
  });

  it.each(HOSTILE)('name@x#%s finds exactly its row', async (name) => {
    expect(await ids(`name@x#${literal(name)}`)).toEqual([idOf(name)]);
  });

  it('the table is unharmed', async () => {
    expect(await countRows(db, table)).toBe(HOSTILE.length);
  });
});

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (char) => char.toLowerCase());
}
