import type { ReactNode } from 'react';
import { Link, useLocation } from '../router';

export function Layout({ children, onSignOut }: { children: ReactNode; onSignOut: () => void }) {
  const { pathname } = useLocation();
  const section = pathname.startsWith('/plans') || pathname.startsWith('/tests') ? 'plans' : 'runs';
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/runs" className="brand">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          Verdict
        </Link>
        <nav>
          <Link to="/runs" className={section === 'runs' ? 'active' : ''}>
            Runs
          </Link>
          <Link to="/plans" className={section === 'plans' ? 'active' : ''}>
            Plans
          </Link>
        </nav>
        <span className="spacer" />
        <a className="topbar-link" href="/api/docs" target="_blank" rel="noreferrer">
          API
        </a>
        <button type="button" className="button ghost" onClick={onSignOut} data-testid="sign-out">
          Sign out
        </button>
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
