/** Spring Data's Pageable rules (reference.md §6), as pure functions over the raw query-string values. */

export const MAX_PAGE_SIZE = 2000;
// Keeps page * size an exact integer for any accepted size.
const MAX_PAGE = Math.floor(Number.MAX_SAFE_INTEGER / MAX_PAGE_SIZE);

export type Direction = 'asc' | 'desc';

/** One ordering the client asked for (or the default), as echoed in the page body. */
export interface SortOrder {
  readonly property: string;
  readonly column: string;
  readonly direction: Direction;
}

/** What the HTTP layer hands over; each value as the query-string parser produced it. */
export interface PageParams {
  readonly page?: unknown;
  readonly size?: unknown;
  readonly sort?: unknown;
  readonly sortBy?: unknown;
  readonly direction?: unknown;
}

export interface PagingOptions {
  /** 50 for most lists, 100 for step results. */
  readonly defaultSize: number;
  /** Sortable property -> SQL column, e.g. `{ id: 'r.id', startTime: 'r.start_time' }`. */
  readonly sortable: Readonly<Record<string, string>>;
  /** Used when the client asks for no order, e.g. `[{ property: 'id', direction: 'desc' }]`. */
  readonly defaultSort?: readonly { readonly property: string; readonly direction: Direction }[];
  /** A unique column appended (ascending) to every ORDER BY, so equal sort keys cannot shuffle rows between pages. */
  readonly tiebreaker: string;
}

export interface PageRequest {
  readonly page: number;
  readonly size: number;
  readonly offset: number;
  /** The requested or default order, for the page body. */
  readonly sort: readonly SortOrder[];
  /** `sort` plus the tiebreaker: what to ORDER BY. */
  readonly orderBy: readonly { readonly column: string; readonly direction: Direction }[];
}

export interface SortError {
  readonly code: 'INVALID_SORT';
  readonly message: string;
  /** The offending property or direction, as sent. */
  readonly value: string;
}

export type PagingResult = { readonly ok: true; readonly request: PageRequest } | { readonly ok: false; readonly error: SortError };

/**
 * Reads `page` (0-based; negative or invalid -> 0), `size` (invalid or < 1 -> default, > 2000 -> 2000),
 * `sort=prop[,prop...][,asc|desc]` (repeatable) and `sortBy=prop&direction=ASC|DESC`.
 * An unknown property is an INVALID_SORT error, never a silently ignored sort.
 *
 * @example parsePaging({ page: '2', sort: ['startTime,desc'] }, { defaultSize: 50, sortable, tiebreaker: 'r.id' })
 */
export function parsePaging(params: PageParams, options: PagingOptions): PagingResult {
  const page = Math.min(Math.max(parseInteger(params.page) ?? 0, 0), MAX_PAGE);
  const requestedSize = parseInteger(params.size);
  const size =
    requestedSize === undefined || requestedSize < 1 ? options.defaultSize : Math.min(requestedSize, MAX_PAGE_SIZE);

  const requested = requestedOrders(params);
  if (!requested.ok) return requested;
  const orders = requested.orders.length > 0 ? requested.orders : (options.defaultSort ?? []);

  const sort: SortOrder[] = [];
  for (const { property, direction } of orders) {
    const column = Object.hasOwn(options.sortable, property) ? options.sortable[property] : undefined;
    if (column === undefined) {
      const known = Object.keys(options.sortable).join(', ');
      return sortError(`Cannot sort by "${property}"; sortable properties: ${known}`, property);
    }
    if (!sort.some((order) => order.property === property)) sort.push({ property, column, direction });
  }
  const orderBy = sort.map(({ column, direction }) => ({ column, direction }));
  if (!orderBy.some((order) => order.column === options.tiebreaker)) {
    orderBy.push({ column: options.tiebreaker, direction: 'asc' });
  }
  return { ok: true, request: { page, size, offset: page * size, sort, orderBy } };
}

type Requested = { ok: true; orders: { property: string; direction: Direction }[] } | { ok: false; error: SortError };

function requestedOrders(params: PageParams): Requested {
  const orders: { property: string; direction: Direction }[] = [];
  // Spring: the last element is a direction if it reads as one, and applies to every property before it.
  for (const value of strings(params.sort)) {
    const parts = value.split(',').map((part) => part.trim()).filter((part) => part !== '');
    const last = parts.length > 0 ? asDirection(parts[parts.length - 1]) : undefined;
    const properties = last ? parts.slice(0, -1) : parts;
    for (const property of properties) orders.push({ property, direction: last ?? 'asc' });
  }
  const sortBy = strings(params.sortBy)[0]?.trim();
  if (sortBy) {
    const text = strings(params.direction)[0]?.trim() ?? '';
    const direction = text === '' ? 'asc' : asDirection(text);
    if (!direction) return sortError(`direction must be ASC or DESC, not "${text}"`, text);
    orders.push({ property: sortBy, direction });
  }
  return { ok: true, orders };
}

function asDirection(text: string): Direction | undefined {
  const lower = text.toLowerCase();
  return lower === 'asc' || lower === 'desc' ? lower : undefined;
}

/** A query-string value is a string, an array of them (repeated key) or absent. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** Like Integer.parseInt: digits with an optional sign, nothing else; the first of repeated values. */
function parseInteger(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : strings(value)[0];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : undefined;
}

function sortError(message: string, value: string): { ok: false; error: SortError } {
  return { ok: false, error: { code: 'INVALID_SORT', message, value } };
}

/** Spring's serialized `Sort`. */
export interface SortJson {
  readonly sorted: boolean;
  readonly unsorted: boolean;
  readonly empty: boolean;
}

export interface PageBody<T> {
  readonly content: readonly T[];
  readonly pageable: {
    readonly sort: SortJson;
    readonly offset: number;
    readonly pageNumber: number;
    readonly pageSize: number;
    readonly paged: true;
    readonly unpaged: false;
  };
  readonly last: boolean;
  readonly totalPages: number;
  readonly totalElements: number;
  readonly size: number;
  readonly number: number;
  readonly sort: SortJson;
  readonly first: boolean;
  readonly numberOfElements: number;
  readonly empty: boolean;
  readonly pagination: { readonly page: number; readonly pageSize: number; readonly isLast: boolean; readonly totalElements: number };
}

/**
 * The Spring `Page` JSON (keys in Jackson's order) plus the `pagination` object the seed page describes,
 * so clients written against either work.
 *
 * @example pageBody([], { page: 0, size: 50, totalElements: 0, sort: [] }) // totalPages 0, first and last true
 */
export function pageBody<T>(
  content: readonly T[],
  meta: { page: number; size: number; totalElements: number; sort: readonly unknown[] },
): PageBody<T> {
  const { page, size, totalElements } = meta;
  const totalPages = size > 0 ? Math.ceil(totalElements / size) : 0;
  const last = page + 1 >= totalPages;
  const sorted = meta.sort.length > 0;
  const sortJson = () => ({ sorted, unsorted: !sorted, empty: !sorted });
  return {
    content,
    pageable: { sort: sortJson(), offset: page * size, pageNumber: page, pageSize: size, paged: true, unpaged: false },
    last,
    totalPages,
    totalElements,
    size,
    number: page,
    sort: sortJson(),
    first: page === 0,
    numberOfElements: content.length,
    empty: content.length === 0,
    pagination: { page, pageSize: size, isLast: last, totalElements },
  };
}
