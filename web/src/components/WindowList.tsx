/**
 * A long list that scrolls with the page. Up to a few thousand rows every row is in the DOM, in normal
 * flow, so the browser's find and printing see them all and rows may wrap to any height (narrow screens);
 * `content-visibility: auto` (styles.css) keeps their layout cheap. Beyond that (`windowed`), rows have one
 * fixed height and only those near the viewport exist, placed by the window's scroll position: the page
 * still scrolls as one, with no inner scroller.
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type ForwardedRef, type ReactNode, type Ref } from 'react';

/** Up to this many rows, all of them are rendered. */
export const RENDER_ALL_UP_TO = 3000;
/** Above this many (whole) rows, off-screen rows leave their layout to the browser (`.wlist.many`). */
const MANY = 300;

interface Props<T> {
  items: readonly T[];
  /** Fixed row height (px) when windowed. */
  rowHeight: number;
  windowed: boolean;
  overscan?: number;
  renderRow: (item: T, index: number) => ReactNode;
  rowKey: (item: T, index: number) => string | number;
  className?: string;
  testId?: string;
}

export interface WindowListHandle {
  /** Scrolls the page so row `index` is in view (near the top third), unless it already is. */
  reveal(index: number): void;
}

function WindowListInner<T>({ items, rowHeight, windowed, overscan = 10, renderRow, rowKey, className, testId }: Props<T>, ref: ForwardedRef<WindowListHandle>) {
  const box = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState<[number, number]>([0, Math.ceil(window.innerHeight / rowHeight) + overscan]);

  const measure = useCallback(() => {
    const el = box.current;
    if (!el || !windowed) return;
    const top = el.getBoundingClientRect().top;
    const first = Math.max(0, Math.floor(-top / rowHeight) - overscan);
    const last = Math.min(items.length, Math.ceil((window.innerHeight - top) / rowHeight) + overscan);
    setRange((r) => (r[0] === first && r[1] === last ? r : [first, Math.max(first, last)]));
  }, [windowed, rowHeight, overscan, items.length]);

  useLayoutEffect(measure, [measure]);
  useEffect(() => {
    if (!windowed) return;
    let frame = 0;
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), measure()));
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
      cancelAnimationFrame(frame);
    };
  }, [windowed, measure]);

  useImperativeHandle(
    ref,
    () => ({
      reveal(index) {
        const el = box.current;
        if (!el) return;
        const row = windowed ? null : (el.children[index] as HTMLElement | undefined);
        const rowTop = row ? row.getBoundingClientRect().top : el.getBoundingClientRect().top + index * rowHeight;
        const rowBottom = rowTop + (row?.offsetHeight ?? rowHeight);
        // The sticky top bar covers the first 52 px.
        if (rowTop >= 60 && rowBottom <= window.innerHeight) return;
        window.scrollTo({ top: window.scrollY + rowTop - window.innerHeight / 3 });
      },
    }),
    [windowed, rowHeight],
  );

  if (!windowed) {
    return (
      <div ref={box} className={`wlist ${items.length > MANY ? 'many' : ''} ${className ?? ''}`} data-testid={testId} data-total-rows={items.length} data-windowed="false">
        {items.map((item, i) => (
          <div key={rowKey(item, i)} className="wrow">
            {renderRow(item, i)}
          </div>
        ))}
      </div>
    );
  }
  const rows: ReactNode[] = [];
  for (let i = range[0]; i < Math.min(range[1], items.length); i++) {
    rows.push(
      <div key={rowKey(items[i]!, i)} className="wrow windowed" style={{ position: 'absolute', top: i * rowHeight, height: rowHeight, left: 0, right: 0 }}>
        {renderRow(items[i]!, i)}
      </div>,
    );
  }
  return (
    <div ref={box} className={`wlist ${className ?? ''}`} style={{ height: items.length * rowHeight, position: 'relative' }} data-testid={testId} data-total-rows={items.length} data-windowed="true">
      {rows}
    </div>
  );
}

export const WindowList = forwardRef(WindowListInner) as <T>(props: Props<T> & { ref?: Ref<WindowListHandle> }) => ReturnType<typeof WindowListInner>;
