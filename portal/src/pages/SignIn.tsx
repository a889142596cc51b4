import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { ErrorMessage, useAction } from '../components/ui';

/** Sign in, or create an account and sign in (POST /auth/add-user, then /auth/login). */
export function SignIn({ onSignedIn }: { onSignedIn: (username: string) => void }) {
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const signingUp = mode === 'sign-up';

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      if (signingUp) await api.signUp(username, password);
      const login = await api.signIn(username, password);
      onSignedIn(login.session_info.session_username ?? username);
    });
  };

  return (
    <main id="main" tabIndex={-1} class="narrow">
      <h1>{signingUp ? 'Create your developer account' : 'Sign in to the developer portal'}</h1>
      <p>Run your Signet integration: applications, client secrets, plans, connected users and readiness.</p>
      <form onSubmit={submit} class="card">
        <label for="username">E-mail</label>
        <input id="username" name="username" type="email" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete={signingUp ? 'new-password' : 'current-password'}
          required
          minLength={signingUp ? 8 : undefined}
          aria-describedby={signingUp ? 'password-hint' : undefined}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {signingUp && (
          <p id="password-hint" class="hint">
            At least 8 characters.
          </p>
        )}
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {signingUp ? 'Create account' : 'Sign in'}
        </button>
        {!signingUp && (
          <p>
            <a href="#/forgot-password">Forgot your password?</a>
          </p>
        )}
      </form>
      <p>
        {signingUp ? 'Already have an account? ' : 'New to Signet? '}
        <button type="button" class="link" onClick={() => setMode(signingUp ? 'sign-in' : 'sign-up')}>
          {signingUp ? 'Sign in' : 'Create an account'}
        </button>
      </p>
      <p class="hint" id="developer-access">
        Developer access: on a deployed Signet an account needs the developer role. Ask a developer of your team to invite your account (they call POST /api/developer/invitations with your
        e-mail), or the operator to run <code>npm run signet -- create-admin</code>. Without it, sign-in answers that the account has no developer access.
      </p>
    </main>
  );
}
