/**
 * Performance marks the browser tests read (performance.getEntriesByName): the moment a page first shows
 * its data. Each mark is set once per page load.
 */
const done = new Set<string>();

export function markOnce(name: 'verdict:runs-rendered' | 'verdict:run-tree-rendered' | 'verdict:run-cases-rendered') {
  if (done.has(name)) return;
  done.add(name);
  performance.mark(name);
}
