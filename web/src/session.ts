/**
 * Signing in and out. The session itself is the server's (an HttpOnly cookie every tab of this browser
 * sends); what this module keeps in localStorage is only a hint, shared by the tabs: whether a session was
 * started here, and who it is for. It lets a new tab render at once instead of asking first, and its
 * `storage` event tells the other tabs of a sign-in or sign-out as it happens.
 */
import { apiGet, apiSend, ApiError } from './api';
import type { SessionInfo } from './api-analytics-types';

const HINT = 'verdict.session';

export interface Hint {
  signedIn: boolean;
  workspaceName?: string;
}

export function readHint(): Hint {
  try {
    const raw = localStorage.getItem(HINT);
    return raw ? (JSON.parse(raw) as Hint) : { signedIn: false };
  } catch {
    return { signedIn: false };
  }
}

function writeHint(hint: Hint) {
  try {
    localStorage.setItem(HINT, JSON.stringify({ ...hint, at: Date.now() }));
  } catch {
    // Storage refused (private mode): tabs then learn of a sign-out at their next request.
  }
}

/** The key starts a session (Set-Cookie); the key is not kept anywhere. */
export async function signIn(key: string): Promise<SessionInfo> {
  const session = await apiSend<SessionInfo>('POST', '/sessions', undefined, { key });
  writeHint({ signedIn: true, workspaceName: session.workspaceName });
  return session;
}

/** Ends the session for every tab: on the server, and in the hint the other tabs watch. */
export async function signOut(): Promise<void> {
  try {
    await apiSend('DELETE', '/sessions/current');
  } catch (e) {
    // Already ended (401): signed out all the same.
    if (!(e instanceof ApiError)) throw e;
  } finally {
    writeHint({ signedIn: false });
  }
}

/** Who the cookie signs in as, or null when there is no live session. */
export async function currentSession(): Promise<SessionInfo | null> {
  try {
    const session = await apiGet<SessionInfo>('/sessions/current', {}, { quiet: true });
    writeHint({ signedIn: true, workspaceName: session.workspaceName });
    return session;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** The server said the session is over: remember it for the other tabs. */
export function forgetSession() {
  if (readHint().signedIn) writeHint({ signedIn: false });
}

/** Calls `listener` when another tab signs in or out. */
export function onOtherTab(listener: (hint: Hint) => void): () => void {
  const handler = (e: StorageEvent) => {
    if (e.key === HINT) listener(readHint());
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}
