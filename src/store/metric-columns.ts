/**
 * The counter columns, derived from the one counter list (core/counts.ts): `passedCount` is stored as
 * `passed_count`, and its consolidated (re-run chain) twin as `c_passed_count`.
 */
import { COUNTERS, ZERO_COUNTS, type Counter, type Counts } from '../core/counts.js';

type Snake<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Uppercase<H> ? `_${Lowercase<H>}` : H}${Snake<T>}` : S;
export type CountColumn = Snake<Counter>;
export type ConsolidatedCountColumn = `c_${CountColumn}`;

const snake = <C extends Counter>(c: C) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`) as Snake<C>;

/** The column a counter is stored in, e.g. `notExecutedCount` -> `not_executed_count`. */
export const counterColumn = snake;

export const COUNT_COLUMNS: readonly CountColumn[] = COUNTERS.map(snake);
export const CONSOLIDATED_COUNT_COLUMNS: readonly ConsolidatedCountColumn[] = COUNT_COLUMNS.map((c) => `c_${c}` as const);


/** Each counter's own and consolidated column, worked out once: presenting a row is on every read's path. */
const COLUMNS_OF = { '': Object.fromEntries(COUNTERS.map((k) => [k, snake(k)])), c_: Object.fromEntries(COUNTERS.map((k) => [k, `c_${snake(k)}`])) } as Record<'' | 'c_', Record<Counter, string>>;

/** The value of one counter in a row's columns (own, or consolidated with `c_`). */
export function countOf(row: Record<string, unknown>, counter: Counter, prefix: '' | 'c_' = ''): number {
  return Number(row[COLUMNS_OF[prefix][counter]] ?? 0);
}

/** A row's count columns from counts (every row written has them: keep it cheap). */
export function countColumns(c: Counts): Record<CountColumn, number> {
  return columnsOf(c, '') as Record<CountColumn, number>;
}

export function consolidatedCountColumns(c: Counts): Record<ConsolidatedCountColumn, number> {
  return columnsOf(c, 'c_') as Record<ConsolidatedCountColumn, number>;
}

function columnsOf(c: Counts, prefix: '' | 'c_'): Record<string, number> {
  const columns: Record<string, number> = {};
  const names = COLUMNS_OF[prefix];
  for (const k of COUNTERS) columns[names[k]] = c[k];
  return columns;
}

export function zeroCountColumns(): Record<CountColumn, number> {
  return countColumns(ZERO_COUNTS);
}
