import { describe, expect, it } from 'vitest';
import { pageBody, parsePaging, type PageParams, type PageRequest, type PagingOptions } from '../../src/query/index.js';

const RUNS: PagingOptions = {
  defaultSize: 50,
  sortable: { id: 'r.id', startTime: 'r.start_time', buildNo: 'r.build_no' },
  defaultSort: [{ property: 'id', direction: 'desc' }],
  tiebreaker: 'r.id',
};
const STEPS: PagingOptions = { defaultSize: 100, sortable: { id: 's.id', position: 's.position' }, tiebreaker: 's.id' };

function request(params: PageParams, options = RUNS): PageRequest {
  const result = parsePaging(params, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.request;
}

describe('page and size', () => {
  it.each<[PageParams, { page: number; size: number; offset: number }]>([
    [{}, { page: 0, size: 50, offset: 0 }],
    [{ page: '0' }, { page: 0, size: 50, offset: 0 }],
    [{ page: '3', size: '20' }, { page: 3, size: 20, offset: 60 }],
    [{ page: '-1' }, { page: 0, size: 50, offset: 0 }],
    [{ page: 'abc' }, { page: 0, size: 50, offset: 0 }],
    [{ page: '1.5' }, { page: 0, size: 50, offset: 0 }],
    [{ page: '99999999999999999999' }, { page: 0, size: 50, offset: 0 }],
    [{ page: ['2', '5'] }, { page: 2, size: 50, offset: 100 }],
    [{ page: 4, size: 10 }, { page: 4, size: 10, offset: 40 }],
    [{ size: '2000' }, { page: 0, size: 2000, offset: 0 }],
    [{ size: '2001' }, { page: 0, size: 2000, offset: 0 }],
    [{ size: '1000000' }, { page: 0, size: 2000, offset: 0 }],
    [{ size: '1' }, { page: 0, size: 1, offset: 0 }],
    [{ size: '0' }, { page: 0, size: 50, offset: 0 }],
    [{ size: '-5' }, { page: 0, size: 50, offset: 0 }],
    [{ size: 'ten' }, { page: 0, size: 50, offset: 0 }],
    [{ size: '' }, { page: 0, size: 50, offset: 0 }],
  ])('%j', (params, expected) => {
    const { page, size, offset } = request(params);
    expect({ page, size, offset }).toEqual(expected);
  });

  it('step results default to 100', () => {
    expect(request({}, STEPS).size).toBe(100);
  });
});

describe('sorting', () => {
  const order = (params: PageParams, options = RUNS) => {
    const { sort, orderBy } = request(params, options);
    return { sort: sort.map((s) => `${s.property} ${s.direction}`), orderBy: orderBy.map((o) => `${o.column} ${o.direction}`) };
  };

  it.each<[string, PageParams, { sort: string[]; orderBy: string[] }]>([
    ['no sort: the default', {}, { sort: ['id desc'], orderBy: ['r.id desc'] }],
    ['sort=id,desc', { sort: 'id,desc' }, { sort: ['id desc'], orderBy: ['r.id desc'] }],
    ['sort=id', { sort: 'id' }, { sort: ['id asc'], orderBy: ['r.id asc'] }],
    ['sort=startTime,DESC', { sort: 'startTime,DESC' }, { sort: ['startTime desc'], orderBy: ['r.start_time desc', 'r.id asc'] }],
    [
      'sort=startTime,desc&sort=buildNo',
      { sort: ['startTime,desc', 'buildNo'] },
      { sort: ['startTime desc', 'buildNo asc'], orderBy: ['r.start_time desc', 'r.build_no asc', 'r.id asc'] },
    ],
    [
      'sort=startTime,buildNo,desc',
      { sort: 'startTime,buildNo,desc' },
      { sort: ['startTime desc', 'buildNo desc'], orderBy: ['r.start_time desc', 'r.build_no desc', 'r.id asc'] },
    ],
    ['sort=id,desc&sort=id,asc (first wins)', { sort: ['id,desc', 'id,asc'] }, { sort: ['id desc'], orderBy: ['r.id desc'] }],
    ['sortBy=id&direction=DESC', { sortBy: 'id', direction: 'DESC' }, { sort: ['id desc'], orderBy: ['r.id desc'] }],
    ['sortBy=startTime', { sortBy: 'startTime' }, { sort: ['startTime asc'], orderBy: ['r.start_time asc', 'r.id asc'] }],
    ['direction alone is ignored', { direction: 'DESC' }, { sort: ['id desc'], orderBy: ['r.id desc'] }],
    ['sort= (empty) falls back to the default', { sort: '' }, { sort: ['id desc'], orderBy: ['r.id desc'] }],
  ])('%s', (_, params, expected) => {
    expect(order(params)).toEqual(expected);
  });

  it('without a default sort, only the tiebreaker orders the rows', () => {
    expect(order({}, STEPS)).toEqual({ sort: [], orderBy: ['s.id asc'] });
  });

  it.each<[string, PageParams, string]>([
    ['sort=name', { sort: 'name' }, 'name'],
    ['sort=id,up (up is read as a property, as Spring does)', { sort: 'id,up' }, 'up'],
    ['sort=constructor', { sort: 'constructor' }, 'constructor'],
    ['sortBy=start_time', { sortBy: 'start_time' }, 'start_time'],
    ['sortBy=id&direction=down', { sortBy: 'id', direction: 'down' }, 'down'],
  ])('%s → INVALID_SORT', (_, params, value) => {
    const result = parsePaging(params, RUNS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_SORT');
    expect(result.error.value).toBe(value);
    expect(result.error.message).toContain(value);
  });
});

describe('pageBody', () => {
  const sorted = [{ property: 'id', column: 'r.id', direction: 'desc' as const }];

  it('an empty list: no pages, first and last', () => {
    expect(pageBody([], { page: 0, size: 50, totalElements: 0, sort: [] })).toEqual({
      content: [],
      pageable: {
        sort: { sorted: false, unsorted: true, empty: true },
        offset: 0,
        pageNumber: 0,
        pageSize: 50,
        paged: true,
        unpaged: false,
      },
      last: true,
      totalPages: 0,
      totalElements: 0,
      size: 50,
      number: 0,
      sort: { sorted: false, unsorted: true, empty: true },
      first: true,
      numberOfElements: 0,
      empty: true,
      pagination: { page: 0, pageSize: 50, isLast: true, totalElements: 0 },
    });
  });

  it('keys in the order Jackson writes them, then pagination', () => {
    expect(Object.keys(pageBody([1], { page: 0, size: 50, totalElements: 1, sort: [] }))).toEqual([
      'content', 'pageable', 'last', 'totalPages', 'totalElements', 'size', 'number', 'sort', 'first',
      'numberOfElements', 'empty', 'pagination',
    ]);
  });

  it.each([
    [{ page: 0, size: 2, totalElements: 5, count: 2 }, { totalPages: 3, first: true, last: false, offset: 0 }],
    [{ page: 1, size: 2, totalElements: 5, count: 2 }, { totalPages: 3, first: false, last: false, offset: 2 }],
    [{ page: 2, size: 2, totalElements: 5, count: 1 }, { totalPages: 3, first: false, last: true, offset: 4 }],
    [{ page: 0, size: 50, totalElements: 3, count: 3 }, { totalPages: 1, first: true, last: true, offset: 0 }],
    [{ page: 1, size: 2, totalElements: 4, count: 2 }, { totalPages: 2, first: false, last: true, offset: 2 }],
    [{ page: 7, size: 2, totalElements: 4, count: 0 }, { totalPages: 2, first: false, last: true, offset: 14 }],
  ])('%j', ({ page, size, totalElements, count }, expected) => {
    const body = pageBody(Array(count).fill({}), { page, size, totalElements, sort: sorted });
    expect({
      totalPages: body.totalPages,
      first: body.first,
      last: body.last,
      offset: body.pageable.offset,
    }).toEqual(expected);
    expect(body.pagination).toEqual({ page, pageSize: size, isLast: expected.last, totalElements });
    expect(body.numberOfElements).toBe(count);
    expect(body.empty).toBe(count === 0);
    expect(body.sort).toEqual({ sorted: true, unsorted: false, empty: false });
  });

  it('pairs with parsePaging', () => {
    const { page, size, sort } = request({ page: '1', size: '2', sort: 'startTime,desc' });
    const body = pageBody(['c'], { page, size, totalElements: 3, sort });
    expect(body).toMatchObject({ number: 1, size: 2, totalPages: 2, last: true, first: false, numberOfElements: 1 });
  });
});
