import { useState } from 'react';
import { ApiError } from '../api';
import type { SessionInfo } from '../api';
import { signIn } from '../session';

/** Sign in with an API key: the server checks it and starts a session for this browser; the key is not kept. */
export function SignIn({ onSignIn, notice }: { onSignIn: (session: SessionInfo) => void; notice?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);
  return (
    <div className="signin">
      <form
        className="signin-card"
        onSubmit={async (e) => {
          e.preventDefault();
          const trimmed = key.trim();
          if (!trimmed) return setError('Paste an API key.');
          setBusy(true);
          setError(undefined);
          try {
            onSignIn(await signIn(trimmed));
          } catch (err) {
            setError(err instanceof ApiError && err.status === 401 ? 'That key was not accepted: it is wrong or was revoked.' : (err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div className="signin-brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <h1>Verdict</h1>
        </div>
        <p className="muted">Test results, down to the failing step. Sign in with an API key of your workspace.</p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          autoFocus
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="Paste your API key"
          data-testid="api-key"
        />
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" className="button primary wide" disabled={busy} data-testid="sign-in">
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <p className="hint">
          Create one with <code>verdict keys create --workspace NAME --name me</code>. Signing in starts a session in this browser, shared by its tabs, until you sign out
          or it expires (a week unused, by default); the key itself is not kept.
        </p>
      </form>
    </div>
  );
}
