/**
 * The viewer's preferences, kept in this browser (localStorage) and shared by its tabs: the colour theme
 * (the system's, or light or dark) and the time zone times are shown in (the browser's, or UTC).
 * `usePrefs()` re-renders on a change, made here or in another tab.
 */
import { useSyncExternalStore } from 'react';

export type Theme = 'system' | 'light' | 'dark';
export type Zone = 'local' | 'utc';

export interface Prefs {
  theme: Theme;
  zone: Zone;
}

const KEY = 'verdict.prefs';
const DEFAULTS: Prefs = { theme: 'system', zone: 'local' };

function read(): Prefs {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Prefs>;
    return {
      theme: stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system',
      zone: stored.zone === 'utc' ? 'utc' : 'local',
    };
  } catch {
    return DEFAULTS;
  }
}

let current = read();
const listeners = new Set<() => void>();

/** `data-theme` on <html> picks the palette in styles.css; without it the system's choice applies. */
function applyTheme(theme: Theme) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
applyTheme(current.theme);

function changed(next: Prefs) {
  current = next;
  applyTheme(next.theme);
  listeners.forEach((l) => l());
}

window.addEventListener('storage', (e) => {
  if (e.key === KEY) changed(read());
});

export function setPrefs(change: Partial<Prefs>) {
  const next = { ...current, ...change };
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Not kept, but applied to this tab.
  }
  changed(next);
}

/** For formatting outside React (format.ts). */
export const prefs = () => current;

export function usePrefs(): Prefs {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** The browser's zone as people read it: "Europe/Paris, UTC+01:00". */
export function localZoneLabel(at = new Date()): string {
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const utc = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return name && name !== 'UTC' ? `${name}, ${utc}` : utc;
}
