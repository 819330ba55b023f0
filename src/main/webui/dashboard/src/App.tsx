import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createVideoJobsClient, VideoJobsApiError } from '@video-jobs/client';
import { VideoJobsProvider } from '@video-jobs/react';
import { useEffect, useState } from 'react';
import { Header } from './components/Header';
import { SessionGuard } from './components/SessionGuard';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { NavigateContext, route } from './navigation';
import { JobPage } from './pages/JobPage';
import { JobsPage } from './pages/JobsPage';
import { OperatorPage } from './pages/OperatorPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { SignInPage } from './pages/SignInPage';
import { loadSession, saveSession, type Session } from './session';

const EXPIRED = 'Your session has expired. Sign in again.';

/** The dashboard: sign-in until there is a session for this tab, then the pages. */
export function App() {
  const [session, setSession] = useState(loadSession);
  const [notice, setNotice] = useState<string | undefined>();
  const signIn = (next: Session) => {
    saveSession(next);
    setNotice(undefined);
    setSession(next);
  };
  const signOut = (reason?: string) => {
    saveSession(null);
    setNotice(reason);
    setSession(null);
  };
  if (!session) return <SignInPage onSignedIn={signIn} notice={notice} />;
  return <SignedIn key={session.token} session={session} onSignOut={signOut} />;
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: (reason?: string) => void }) {
  const [client] = useState(() => createVideoJobsClient({ getToken: () => session.token }));
  const [queryClient] = useState(() => {
    const onError = (error: unknown) => {
      if (error instanceof VideoJobsApiError && error.status === 401) end(EXPIRED);
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: { queries: { retry: (count, error) => !(error instanceof VideoJobsApiError && error.status < 500) && count < 2 } },
    });
  });
  const [path, setPath] = useState(() => location.pathname + location.search);

  useEffect(() => {
    const onPop = () => setPath(location.pathname + location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  function end(reason?: string) {
    client.close();
    onSignOut(reason);
  }
  const navigate = (to: string) => {
    if (to !== location.pathname + location.search) history.pushState(null, '', to);
    setPath(to);
    window.scrollTo(0, 0);
  };
  const current = route(path);

  return (
    <VideoJobsProvider client={client} queryClient={queryClient}>
      <NavigateContext.Provider value={navigate}>
        <SessionGuard session={session} onExpired={() => end(EXPIRED)} />
        <Header session={session} onSignOut={() => end()} />
        <ShortcutsHelp />
        {current.page === 'jobs' && <JobsPage admin={session.admin} search={path.includes('?') ? path.slice(path.indexOf('?')) : ''} />}
        {current.page === 'job' && <JobPage key={current.jobId} jobId={current.jobId} admin={session.admin} />}
        {current.page === 'operator' && (session.admin ? <OperatorPage /> : <main><p>The operator page is for admins.</p></main>)}
        {current.page === 'webhooks' && <WebhooksPage admin={session.admin} />}
        {current.page === 'missing' && <main><h1>Not found</h1><p>No page at {path}.</p></main>}
      </NavigateContext.Provider>
    </VideoJobsProvider>
  );
}
