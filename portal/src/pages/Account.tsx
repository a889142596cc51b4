import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { ConfirmDialog, ErrorMessage, Notice, useAction } from '../components/ui';

/** The signed-in developer's own account: profile, password, deletion (docs/api.md, account lifecycle). */
export function Account({ onDeleted }: { onDeleted: () => void }) {
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [username, setUsername] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [changed, setChanged] = useState(false);
  const [deletePassword, setDeletePassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [ownsApps, setOwnsApps] = useState(false);
  const profile = useAction();
  const password = useAction();
  const removal = useAction();

  useEffect(() => {
    void profile.run(async () => {
      const me = await api.alterUser({});
      setFirstName(me.first_name ?? '');
      setLastName(me.last_name ?? '');
      setUsername(me.username);
    });
  }, []);

  const saveProfile = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void profile.run(async () => {
      await api.alterUser({ first_name: firstName, last_name: lastName });
      setSaved(true);
    });
  };
  const changePassword = (event: Event) => {
    event.preventDefault();
    setChanged(false);
    void password.run(async () => {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setChanged(true);
    });
  };
  const deleteAccount = () =>
    removal.run(async () => {
      setConfirming(false);
      try {
        await api.deleteAccount(deletePassword);
      } catch (error) {
        setOwnsApps(error instanceof ApiError && error.code === 'owns_applications');
        throw error;
      }
      onDeleted();
    });

  return (
    <main id="main" tabIndex={-1}>
      <p>
        <a href="#/">← Applications</a>
      </p>
      <h1>Your account</h1>
      {username && <p class="muted">Signed in as {username}</p>}
      <section aria-labelledby="profile-title" class="card">
        <h2 id="profile-title">Profile</h2>
        <form onSubmit={saveProfile}>
          <label for="first-name">First name</label>
          <input id="first-name" autocomplete="given-name" value={firstName} onInput={(e) => setFirstName(e.currentTarget.value)} />
          <label for="last-name">Last name</label>
          <input id="last-name" autocomplete="family-name" value={lastName} onInput={(e) => setLastName(e.currentTarget.value)} />
          <ErrorMessage error={profile.error} />
          {saved && <Notice>Profile saved.</Notice>}
          <button type="submit" disabled={profile.busy}>
            Save profile
          </button>
        </form>
      </section>
      <section aria-labelledby="password-title" class="card">
        <h2 id="password-title">Password</h2>
        <form onSubmit={changePassword}>
          <label for="current-password">Current password</label>
          <input id="current-password" type="password" autocomplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
          <label for="next-password">New password</label>
          <input id="next-password" type="password" autocomplete="new-password" required minLength={8} value={next} onInput={(e) => setNext(e.currentTarget.value)} />
          <ErrorMessage error={password.error} />
          {changed && <Notice>Password changed. Your other sessions have ended.</Notice>}
          <button type="submit" disabled={password.busy}>
            Change password
          </button>
        </form>
      </section>
      <section aria-labelledby="delete-account-title" class="card danger-zone">
        <h2 id="delete-account-title">Delete your account</h2>
        <p>Your name, e-mail and password are erased and every session ends. An account that owns applications cannot be deleted: delete the applications first.</p>
        <label for="delete-password">Password</label>
        <input id="delete-password" type="password" autocomplete="current-password" value={deletePassword} onInput={(e) => setDeletePassword(e.currentTarget.value)} />
        {ownsApps ? (
          <p class="error" role="alert">
            You still own applications. Delete each of them (on its page, <a href="#/">Applications</a>) before deleting your account.
          </p>
        ) : (
          <ErrorMessage error={removal.error} />
        )}
        <button type="button" class="danger" disabled={!deletePassword || removal.busy} onClick={() => setConfirming(true)}>
          Delete account
        </button>
      </section>
      <ConfirmDialog open={confirming} title="Delete your account?" confirmLabel="Delete account" onConfirm={() => void deleteAccount()} onCancel={() => setConfirming(false)}>
        <p>This cannot be undone.</p>
      </ConfirmDialog>
    </main>
  );
}
