import { useSyncExternalStore } from 'react';

/** Whether a media query matches now; re-renders when that changes (a window resized, a phone turned). */
export function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
  );
}

/** The width below which pages stack (styles.css uses the same). */
export const NARROW = '(max-width: 640px)';
