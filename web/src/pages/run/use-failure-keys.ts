/**
 * Keyboard between failures: `j`/`k` (anywhere on the page but a text field) or ↓/↑ (once a failure is
 * selected) move to the next/previous failed case and bring it into view; Enter opens it; Escape lets go.
 */
import { useEffect, useRef, useState } from 'react';
import { navigate } from '../../router';

export function useFailureKeys<T>(rows: readonly T[], isFailure: (row: T) => boolean, keyOf: (row: T) => string, hrefOf: (row: T) => string | undefined, reveal: (index: number) => void) {
  const [selected, setSelected] = useState<string>();
  const latest = useRef({ rows, selected, isFailure, keyOf, hrefOf, reveal });
  latest.current = { rows, selected, isFailure, keyOf, hrefOf, reveal };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable=true]')) return;
      const { rows, selected, isFailure, keyOf, hrefOf, reveal } = latest.current;
      const at = selected === undefined ? -1 : rows.findIndex((r) => keyOf(r) === selected);
      const step = e.key === 'j' || (e.key === 'ArrowDown' && at >= 0) ? 1 : e.key === 'k' || (e.key === 'ArrowUp' && at >= 0) ? -1 : 0;
      if (step !== 0) {
        let i = at < 0 ? (step > 0 ? -1 : rows.length) : at;
        for (i += step; i >= 0 && i < rows.length; i += step) if (isFailure(rows[i]!)) break;
        if (i < 0 || i >= rows.length) return;
        e.preventDefault();
        setSelected(keyOf(rows[i]!));
        reveal(i);
      } else if (e.key === 'Enter' && at >= 0 && !target.closest('a, button')) {
        const href = hrefOf(rows[at]!);
        if (href) {
          e.preventDefault();
          navigate(href);
        }
      } else if (e.key === 'Escape' && selected !== undefined) {
        setSelected(undefined);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return { selected, setSelected };
}
