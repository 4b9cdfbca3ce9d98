import type { ReactNode } from 'react';
import { ApiError } from '../api';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state state-loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden /> {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" data-testid="empty">
      {children}
    </div>
  );
}

export function ErrorState({ error }: { error: Error }) {
  const status = error instanceof ApiError ? error.status : undefined;
  return (
    <div className="state state-error" role="alert" data-testid="error">
      <strong>{status === 404 ? 'Not found' : 'Something went wrong'}</strong>
      <div>{error.message}</div>
    </div>
  );
}
