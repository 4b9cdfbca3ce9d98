import { useEffect, useState } from 'react';
import { setUnauthorizedHandler } from './api';
import { Layout } from './components/Layout';
import { CasePage } from './pages/CasePage';
import { NotFound } from './pages/NotFound';
import { PlanPage } from './pages/PlanPage';
import { PlansPage } from './pages/PlansPage';
import { RunPage } from './pages/RunPage';
import { RunsPage } from './pages/RunsPage';
import { SignIn } from './pages/SignIn';
import { TestPage } from './pages/TestPage';
import { matchPath, navigate, useLocation } from './router';
import { getKey, setKey } from './session';

function Page({ pathname }: { pathname: string }) {
  let m: Record<string, string> | null;
  if (pathname === '/' || pathname === '/runs') return <RunsPage />;
  if ((m = matchPath('/runs/:runId/cases/:caseId', pathname))) return <CasePage key={`${m.runId}/${m.caseId}`} runId={Number(m.runId)} caseId={Number(m.caseId)} />;
  if ((m = matchPath('/runs/:runId', pathname))) return <RunPage key={m.runId} runId={Number(m.runId)} />;
  if (pathname === '/plans') return <PlansPage />;
  if ((m = matchPath('/plans/:planId', pathname))) return <PlanPage key={m.planId} planId={Number(m.planId)} />;
  if ((m = matchPath('/tests/:testCaseId', pathname))) return <TestPage key={m.testCaseId} testCaseId={Number(m.testCaseId)} />;
  return <NotFound />;
}

export function App() {
  const [key, setKeyState] = useState(getKey());
  const [notice, setNotice] = useState<string | undefined>();
  const { pathname } = useLocation();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setKey(null);
      setKeyState(null);
      setNotice('Your key is no longer accepted. Sign in again.');
    });
  }, []);

  useEffect(() => {
    document.title = key ? 'Verdict' : 'Sign in · Verdict';
  }, [key, pathname]);

  if (!key) {
    return (
      <SignIn
        notice={notice}
        onSignIn={(k) => {
          setKey(k);
          setNotice(undefined);
          setKeyState(k);
        }}
      />
    );
  }
  return (
    <Layout
      onSignOut={() => {
        setKey(null);
        setKeyState(null);
        navigate('/runs');
      }}
    >
      <Page pathname={pathname} />
    </Layout>
  );
}
