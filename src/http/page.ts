/** The Spring Page body (reference.md §6) plus `pagination`, with values that agree with each other. */
export function springPage<T>(content: T[], { page, size, totalElements, sorted = false }: { page: number; size: number; totalElements: number; sorted?: boolean }) {
  const totalPages = Math.ceil(totalElements / size);
  const last = page >= totalPages - 1;
  const sort = { sorted, unsorted: !sorted, empty: !sorted };
  return {
    content,
    pageable: { sort, offset: page * size, pageNumber: page, pageSize: size, paged: true, unpaged: false },
    last,
    totalPages,
    totalElements,
    size,
    number: page,
    sort,
    first: page === 0,
    numberOfElements: content.length,
    empty: content.length === 0,
    pagination: { page, pageSize: size, isLast: last, totalElements },
  };
}
