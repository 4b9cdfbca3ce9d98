/**
 * Windowing for long lists: only the rows in view (plus a few) are in the DOM, so a run of 10,000 cases
 * scrolls like one of 10. Rows have one fixed height; the list scrolls inside its own box.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props<T> {
  items: readonly T[];
  rowHeight: number;
  /** Height of the scrolling box in px; rows that fit fewer are shown without empty space. */
  maxHeight: number;
  overscan?: number;
  renderRow: (item: T, index: number) => ReactNode;
  rowKey: (item: T, index: number) => string | number;
  /** Index to bring into view when it changes (e.g. the first failure). */
  scrollToIndex?: number;
  className?: string;
  testId?: string;
}

export function VirtualList<T>({ items, rowHeight, maxHeight, overscan = 8, renderRow, rowKey, scrollToIndex, className, testId }: Props<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const height = Math.min(maxHeight, items.length * rowHeight);

  useEffect(() => {
    if (scrollToIndex === undefined || !box.current) return;
    const top = scrollToIndex * rowHeight;
    const el = box.current;
    if (top < el.scrollTop || top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - rowHeight * 2);
  }, [scrollToIndex, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + maxHeight) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={rowKey(items[i]!, i)} className="vrow" style={{ position: 'absolute', top: i * rowHeight, height: rowHeight, left: 0, right: 0 }}>
        {renderRow(items[i]!, i)}
      </div>,
    );
  }
  return (
    <div
      ref={box}
      className={`vlist ${className ?? ''}`}
      style={{ height, overflowY: 'auto', position: 'relative' }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid={testId}
      data-total-rows={items.length}
    >
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>{rows}</div>
    </div>
  );
}
