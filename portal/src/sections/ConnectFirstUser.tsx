import type { PortalApplication } from '../api/types';
import { CopyButton } from '../components/ui';
import { hostnameStatuses } from './Hostnames';

/** A JSON body as a single-quoted shell word (the values here hold no quote). */
const jsonWord = (body: Record<string, string>) => `'${JSON.stringify(body)}'`;

/** The two requests that connect a user, as curl against this portal's origin (the API is on it, locally and deployed). */
export function connectSnippets(base: string, hostname: string): { addUser: string; login: string } {
  const account = { username: 'first.user@example.com', password: 'choose-a-password-1' };
  return {
    addUser: [`B=${base}`, `curl -i -X POST "$B/auth/add-user" \\`, `  -H 'Content-Type: application/json' \\`, `  -d ${jsonWord(account)}`].join('\n'),
    login: [
      `curl -i -X POST "$B/auth/login" \\`,
      `  -H 'Content-Type: application/json' \\`,
      `  -H 'X-Spaaza-MyPrice-App-Hostname: ${hostname}' \\`,
      `  -d ${jsonWord(account)}`,
    ].join('\n'),
  };
}

/**
 * Shown while the app has no connected user: a user is connected by a member login,
 * which needs an account (add-user) and a hostname that names this app (a verified one).
 */
export function ConnectFirstUser({ application }: { application: PortalApplication }) {
  const statuses = hostnameStatuses(application);
  const verified = statuses.find((entry) => entry.status === 'verified');
  const pending = statuses.filter((entry) => entry.status !== 'verified');
  const snippets = connectSnippets(window.location.origin, verified?.hostname ?? pending[0]?.hostname ?? 'your-app.example.com');
  return (
    <div class="connect" aria-labelledby="connect-title">
      <h3 id="connect-title">Connect a first user</h3>
      <p>
        A user is connected to this app the first time they sign in through it: create an account, then log in with this app’s hostname in{' '}
        <code>X-Spaaza-MyPrice-App-Hostname</code>. Your app’s backend makes the same two calls for its users.
      </p>
      {!verified && pending.length > 0 && (
        <p class="notice" role="note">
          {pending.length === 1 ? 'Your hostname is' : 'Your hostnames are'} still pending verification. A pending hostname names no app, so the login
          below answers <code>no_myprice_app</code> until you verify it under “Hostnames”.
        </p>
      )}
      {verified && pending.length > 0 && (
        <p class="muted">
          Uses <code>{verified.hostname}</code>, which is verified; {pending.map((entry) => entry.hostname).join(', ')} cannot sign users in until verified.
        </p>
      )}
      <ol class="steps">
        <li>
          <p>Create the user’s account (skip it for an existing one):</p>
          <pre data-testid="connect-add-user">{snippets.addUser}</pre>
          <CopyButton text={snippets.addUser} label="Copy the add-user request" />
        </li>
        <li>
          <p>Log the user in to this app; the answer’s <code>global_id</code> is the id the status routes take:</p>
          <pre data-testid="connect-login">{snippets.login}</pre>
          <CopyButton text={snippets.login} label="Copy the login request" />
        </li>
      </ol>
      <p class="muted">This list refreshes by itself every few seconds until the first user appears.</p>
    </div>
  );
}
