/** How a patch's fields become column values: undefined means "not said", and leaves the column as it is. */

/** Drops undefined values, so an update touches only what the client said. */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** An object as its JSON column: not said, cleared, or the text. */
export const json = (v: unknown) => (v === undefined ? undefined : v === null ? null : JSON.stringify(v));

/** A boolean as its 0/1 column, or not said. */
export const flag = (v: boolean | null | undefined) => (v === undefined || v === null ? undefined : v ? (1 as const) : (0 as const));
