import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { PortalApplication } from '../api/types';
import { ErrorMessage, Notice, useAction } from '../components/ui';

/** Where this app's members' password-reset mails link (docs/api.md, account lifecycle); empty: the portal's own reset page. */
export function ResetUrl({ application, onChanged }: { application: PortalApplication; onChanged: () => Promise<void> }) {
  const [url, setUrl] = useState(application.passwordResetUrl ?? '');
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const save = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void run(async () => {
      await api.updateApplication(application.appId, { passwordResetUrl: url.trim() === '' ? null : url.trim() });
      setSaved(true);
      await onChanged();
    });
  };
  return (
    <section aria-labelledby="reset-url-title" class="card">
      <h2 id="reset-url-title">Password reset link</h2>
      <p>
        Where password-reset mails to your members link. An <code>https</code> address with <code>{'{token}'}</code> where the reset token goes; your app
        then calls <code>POST /auth/reset-password</code>. Empty: the Signet portal’s reset page.
      </p>
      <form onSubmit={save}>
        <label for="reset-url">Reset URL</label>
        <input id="reset-url" type="url" placeholder="https://app.example.com/reset-password?token={token}" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        <ErrorMessage error={error} />
        {saved && <Notice>Saved.</Notice>}
        <button type="submit" disabled={busy}>
          Save reset URL
        </button>
      </form>
    </section>
  );
}
