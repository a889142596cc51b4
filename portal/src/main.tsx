import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api/client';
import { api, signedInHint } from './api/endpoints';
import { ErrorMessage, Notice, useAction } from './components/ui';
import { AppDetail } from './pages/AppDetail';
import { Account } from './pages/Account';
import { Applications } from './pages/Applications';
import { ForgotPassword, ResetPassword } from './pages/PasswordReset';
import { SignIn } from './pages/SignIn';
import './styles.css';

/** Hash routes (`#/`, `#/apps/<appId>`): a static host serves one file, and no API path is shadowed. */
function useRoute(): string {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash.replace(/^#/, '') || '/';
}

/** `/reset-password?token=…` → its path and parameters (the token never leaves the fragment). */
function splitRoute(route: string): { path: string; params: URLSearchParams } {
  const [path = '/', query = ''] = route.split('?', 2);
  return { path, params: new URLSearchParams(query) };
}

type Session = { state: 'unknown' } | { state: 'signed-out'; notice?: string } | { state: 'signed-in'; username?: string };

function App() {
  const [session, setSession] = useState<Session>({ state: 'unknown' });
  const [probeError, setProbeError] = useState<string | null>(null);
  const signOut = useAction();
  const route = useRoute();

  // Whether the cookie holds a live admin session: the HttpOnly cookie cannot be read, so ask.
  // A browser that never signed in here (or signed out) is not asked about: no 401 in its console.
  useEffect(() => {
    if (!signedInHint.present()) setSession({ state: 'signed-out' });
    else
      api
        .listApplications()
        .then(() => setSession({ state: 'signed-in' }))
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 401) {
            signedInHint.clear();
            setSession({ state: 'signed-out' });
          } else setProbeError(error instanceof Error ? error.message : 'The portal could not start.');
        });
    const expired = () => {
      signedInHint.clear();
      setSession({ state: 'signed-out', notice: 'Your session has ended. Sign in again.' });
    };
    window.addEventListener('signet:unauthorized', expired);
    return () => window.removeEventListener('signet:unauthorized', expired);
  }, []);

  const leave = () =>
    signOut.run(async () => {
      await api.signOut();
      window.location.hash = '#/';
      setSession({ state: 'signed-out', notice: 'You are signed out.' });
    });

  const { path, params } = splitRoute(route);
  const appMatch = /^\/apps\/([^/]+)$/.exec(path);
  // The reset pages work signed in or out: the mail's link may be opened anywhere.
  if (path === '/reset-password' || path === '/forgot-password') {
    return (
      <>
        <header class="top">
          <a href="#/" class="brand">
            Signet <span>developers</span>
          </a>
        </header>
        {path === '/reset-password' ? <ResetPassword token={params.get('token') ?? ''} /> : <ForgotPassword />}
      </>
    );
  }
  return (
    <>
      <a class="skip" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a href="#/" class="brand">
          Signet <span>developers</span>
        </a>
        <nav aria-label="Main">
          <a href="/docs">API reference</a>
          <a href="/openapi.json">OpenAPI</a>
          {session.state === 'signed-in' && <a href="#/account">Account</a>}
          {session.state === 'signed-in' && (
            <button type="button" class="secondary" onClick={() => void leave()} disabled={signOut.busy}>
              Sign out{session.username ? ` ${session.username}` : ''}
            </button>
          )}
        </nav>
      </header>
      <ErrorMessage error={signOut.error ?? probeError} />
      {session.state === 'unknown' && !probeError && (
        <main id="main" tabIndex={-1}>
          <p>Loading…</p>
        </main>
      )}
      {session.state === 'signed-out' && (
        <>
          {session.notice && <Notice>{session.notice}</Notice>}
          <SignIn onSignedIn={(username) => setSession({ state: 'signed-in', username })} />
        </>
      )}
      {session.state === 'signed-in' &&
        (path === '/account' ? (
          <Account
            onDeleted={() => {
              window.location.hash = '#/';
              setSession({ state: 'signed-out', notice: 'Your account is deleted.' });
            }}
          />
        ) : appMatch?.[1] ? (
          <AppDetail appId={decodeURIComponent(appMatch[1])} />
        ) : (
          <Applications />
        ))}
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
