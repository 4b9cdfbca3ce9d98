import { useEffect, useState } from 'react';
import { setUnauthorizedHandler } from './api';
import { Layout } from './components/Layout';
import { Loading } from './components/States';
import { CasePage } from './pages/CasePage';
import { ComparePage } from './pages/ComparePage';
import { NotFound } from './pages/NotFound';
import { PlanPage } from './pages/PlanPage';
import { PlansPage } from './pages/PlansPage';
import { RunPage } from './pages/RunPage';
import { RunsPage } from './pages/RunsPage';
import { SignIn } from './pages/SignIn';
import { TestPage } from './pages/TestPage';
import { usePrefs } from './prefs';
import { matchPath, navigate, useLocation } from './router';
import { currentSession, forgetSession, onOtherTab, readHint, signOut } from './session';

function Page({ pathname }: { pathname: string }) {
  let m: Record<string, string> | null;
  if (pathname === '/' || pathname === '/runs') return <RunsPage />;
  if ((m = matchPath('/runs/:runId/cases/:caseId', pathname))) return <CasePage key={`${m.runId}/${m.caseId}`} runId={Number(m.runId)} caseId={Number(m.caseId)} />;
  if ((m = matchPath('/runs/:runId/compare', pathname))) return <ComparePage key={m.runId} runId={Number(m.runId)} />;
  if ((m = matchPath('/runs/:runId', pathname))) return <RunPage key={m.runId} runId={Number(m.runId)} />;
  if (pathname === '/plans') return <PlansPage />;
  if ((m = matchPath('/plans/:planId', pathname))) return <PlanPage key={m.planId} planId={Number(m.planId)} />;
  if ((m = matchPath('/tests/:testCaseId', pathname))) return <TestPage key={m.testCaseId} testCaseId={Number(m.testCaseId)} />;
  return <NotFound />;
}

/** 'checking': no hint of a session, asking the server; 'in': signed in (or, from the hint, presumably). */
type Auth = { state: 'checking' } | { state: 'in'; workspace?: string } | { state: 'out'; notice?: string };

export function App() {
  // A tab opened after sign-in renders at once: the hint says a session was started in this browser.
  const [auth, setAuth] = useState<Auth>(() => {
    const hint = readHint();
    return hint.signedIn ? { state: 'in', workspace: hint.workspaceName } : { state: 'checking' };
  });
  const { pathname } = useLocation();
  // Every page re-renders when the time zone or theme changes, here or in another tab.
  usePrefs();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      forgetSession();
      setAuth({ state: 'out', notice: 'Your session has ended (signed out, expired, or its key was revoked). Sign in again.' });
    });
    // Whether or not the hint said so, ask who the cookie is: it names the workspace, and a stale hint is corrected.
    currentSession().then(
      (session) => setAuth(session ? { state: 'in', workspace: session.workspaceName } : { state: 'out' }),
      () => setAuth((a) => (a.state === 'checking' ? { state: 'out', notice: 'The server could not be reached.' } : a)),
    );
    // Another tab signed in or out: follow it.
    return onOtherTab((hint) => setAuth(hint.signedIn ? { state: 'in', workspace: hint.workspaceName } : { state: 'out', notice: 'You signed out in another tab.' }));
  }, []);

  const signedIn = auth.state === 'in';
  useEffect(() => {
    if (!signedIn) document.title = 'Sign in · Verdict';
  }, [signedIn, pathname]);

  if (auth.state === 'checking') return <Loading what="Checking your session" />;
  if (auth.state === 'out') return <SignIn notice={auth.notice} onSignIn={(session) => setAuth({ state: 'in', workspace: session.workspaceName })} />;
  return (
    <Layout
      workspace={auth.workspace}
      onSignOut={() => {
        // The next sign-in may be another workspace's: start it from the runs list, not this page's ids.
        signOut().finally(() => {
          navigate('/runs');
          setAuth({ state: 'out' });
        });
      }}
    >
      <Page pathname={pathname} />
    </Layout>
  );
}
