import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { ErrorMessage, Notice, useAction } from '../components/ui';

/** "Forgot your password?": always the same answer, whether or not the address has an account. */
export function ForgotPassword() {
  const [username, setUsername] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api.requestPasswordReset(username);
      setSent(true);
    });
  };
  return (
    <main id="main" tabIndex={-1} class="narrow">
      <h1>Reset your password</h1>
      {sent ? (
        <Notice>If an account uses {username}, a mail with a reset link is on its way. The link works once, for 30 minutes.</Notice>
      ) : (
        <form onSubmit={submit} class="card">
          <label for="reset-username">E-mail</label>
          <input id="reset-username" type="email" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          <ErrorMessage error={error} />
          <button type="submit" disabled={busy}>
            Send reset link
          </button>
        </form>
      )}
      <p>
        <a href="#/">Back to sign in</a>
      </p>
    </main>
  );
}

/** The page the reset mail links to (`#/reset-password?token=…`: the token stays in the fragment). */
export function ResetPassword({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password !== repeat) return;
    void run(async () => {
      const result = await api.resetPassword(token, password);
      setDone(result.username ?? '');
    });
  };
  if (done !== null) {
    return (
      <main id="main" tabIndex={-1} class="narrow">
        <h1>Password changed</h1>
        <Notice>Your new password is set{done ? ` for ${done}` : ''}, and every earlier session has ended.</Notice>
        <p>
          <a href="#/">Sign in</a>
        </p>
      </main>
    );
  }
  return (
    <main id="main" tabIndex={-1} class="narrow">
      <h1>Choose a new password</h1>
      {!token && <ErrorMessage error="This link has no reset token. Ask for a new link." />}
      <form onSubmit={submit} class="card">
        <label for="new-password">New password</label>
        <input id="new-password" type="password" autocomplete="new-password" required minLength={8} aria-describedby="new-password-hint" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <p id="new-password-hint" class="hint">
          At least 8 characters.
        </p>
        <label for="repeat-password">Repeat it</label>
        <input id="repeat-password" type="password" autocomplete="new-password" required value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
        <ErrorMessage error={mismatch ? 'The two passwords differ.' : error} />
        <button type="submit" disabled={busy || !token}>
          Set new password
        </button>
      </form>
      <p>
        <a href="#/forgot-password">Ask for a new link</a>
      </p>
    </main>
  );
}
