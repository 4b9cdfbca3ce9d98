/**
 * A query built and compiled by Kysely once per dialect, then run with each call's values: for the
 * lookups nearly every request makes (a key, a run by id), where building and compiling the query cost
 * more than the database's answer (a profile of R1 showed Kysely's builder and compiler at a fifth of the
 * server's time, SQLite's own work at a thirteenth).
 *
 * `build` is given placeholders for the values and must pass each as a plain value (`where(col, '=', v)`,
 * not inside an `in` list or an expression), so that each appears once among the compiled parameters.
 *
 * @example
 *   const runById = prepared((db, workspaceId: number, id: number) =>
 *     db.selectFrom('test_runs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id));
 *   const run = (await runById(db, 1, 517))[0];
 */
import type { CompiledQuery, Compilable } from 'kysely';
import type { Db } from './dialect.js';

class Placeholder {
  constructor(readonly index: number) {}
}

export function prepared<Args extends unknown[], Row>(build: (db: Db, ...args: Args) => Compilable<Row>): (db: Db, ...args: Args) => Promise<Row[]> {
  const compiledFor = new Map<unknown, { query: CompiledQuery<Row>; slots: (number | undefined)[] }>();
  return async (db, ...args) => {
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = compiledFor.get(dialect);
    if (!compiled) {
      const query = build(db, ...(args.map((_, i) => new Placeholder(i)) as Args)).compile();
      const slots = query.parameters.map((p) => (p instanceof Placeholder ? p.index : undefined));
      const used = slots.filter((s) => s !== undefined);
      if (used.length !== args.length || new Set(used).size !== args.length) throw new Error('prepared(): each value must appear once among the parameters');
      compiledFor.set(dialect, (compiled = { query, slots }));
    }
    const { query, slots } = compiled;
    const parameters = query.parameters.map((fixed, i) => (slots[i] === undefined ? fixed : args[slots[i]!]));
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  };
}
