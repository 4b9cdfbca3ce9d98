/**
 * The frame of every page: the top bar (pages, the workspace signed in to, time zone and theme, sign-out)
 * and the content. Below 640 px the bar keeps the brand and the pages, and the rest folds into a menu.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { localZoneLabel, setPrefs, usePrefs, type Theme } from '../prefs';
import { Link, useLocation } from '../router';

const NEXT_THEME: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const THEME_LABEL: Record<Theme, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

export function Layout({ children, workspace, onSignOut }: { children: ReactNode; workspace: string | undefined; onSignOut: () => void }) {
  const { pathname } = useLocation();
  const { theme, zone } = usePrefs();
  const [menuOpen, setMenuOpen] = useState(false);
  const section = pathname.startsWith('/plans') || pathname.startsWith('/tests') ? 'plans' : 'runs';
  useEffect(() => setMenuOpen(false), [pathname]);
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/runs" className="brand">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          <span className="brand-name">Verdict</span>
        </Link>
        <nav className="topnav" aria-label="Pages">
          <Link to="/runs" className={section === 'runs' ? 'active' : ''}>
            Runs
          </Link>
          <Link to="/plans" className={section === 'plans' ? 'active' : ''}>
            Plans
          </Link>
        </nav>
        <span className="spacer" />
        <button type="button" className="button ghost menu-toggle" aria-expanded={menuOpen} aria-controls="topbar-menu" onClick={() => setMenuOpen((o) => !o)} data-testid="menu-toggle">
          <span aria-hidden>☰</span> <span className="visually-hidden">Menu</span>
        </button>
        <div id="topbar-menu" className={`topbar-menu ${menuOpen ? 'open' : ''}`}>
          {workspace ? (
            <span className="workspace" title="The workspace you are signed in to" data-testid="workspace">
              <span className="muted">Workspace</span> <strong>{workspace}</strong>
            </span>
          ) : null}
          <button
            type="button"
            className="button ghost"
            data-testid="zone-toggle"
            aria-pressed={zone === 'utc'}
            title="Times are shown in this zone; click to switch between your browser's zone and UTC"
            onClick={() => setPrefs({ zone: zone === 'utc' ? 'local' : 'utc' })}
          >
            {zone === 'utc' ? 'Times in UTC' : `Times in ${localZoneLabel()}`}
          </button>
          <button type="button" className="button ghost" data-testid="theme-toggle" data-theme-choice={theme} onClick={() => setPrefs({ theme: NEXT_THEME[theme] })} title="Follow the system's colours, or choose light or dark">
            {THEME_LABEL[theme]}
          </button>
          <a className="topbar-link" href="/api/docs" target="_blank" rel="noreferrer">
            API
          </a>
          <button type="button" className="button ghost" onClick={onSignOut} data-testid="sign-out">
            Sign out
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}

export function Breadcrumbs({ items }: { items: { label: ReactNode; to?: string }[] }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      {items.map((item, i) => (
        <span key={i}>
          {i > 0 ? <span className="sep">/</span> : null}
          {item.to ? <Link to={item.to}>{item.label}</Link> : <span aria-current="page">{item.label}</span>}
        </span>
      ))}
    </nav>
  );
}
