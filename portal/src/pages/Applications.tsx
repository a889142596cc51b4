import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { CreatedApplication, PortalApplication } from '../api/types';
import { ErrorMessage, useAction, when } from '../components/ui';
import { NewSecret } from '../sections/NewSecret';

/** The caller's applications, and a form to create one (its first secret is shown once). */
export function Applications() {
  const [applications, setApplications] = useState<PortalApplication[] | null>(null);
  const [created, setCreated] = useState<CreatedApplication | null>(null);
  const [name, setName] = useState('');
  const [hostnames, setHostnames] = useState('');
  const load = useAction();
  const create = useAction();

  const refresh = () => load.run(async () => setApplications(await api.listApplications()));
  useEffect(() => void refresh(), []);

  const submit = (event: Event) => {
    event.preventDefault();
    void create.run(async () => {
      const list = hostnames
        .split(/[\s,]+/)
        .map((hostname) => hostname.trim())
        .filter(Boolean);
      const result = await api.createApplication(name, list);
      setCreated(result);
      setName('');
      setHostnames('');
      await refresh();
    });
  };

  return (
    <main id="main" tabIndex={-1}>
      <h1>Applications</h1>
      <ErrorMessage error={load.error} />
      {applications === null && !load.error && <p>Loading…</p>}
      {applications?.length === 0 && <p>You have no applications yet. Create the first one below.</p>}
      {applications && applications.length > 0 && (
        <ul class="cards" aria-label="Your applications">
          {applications.map((application) => (
            <li key={application.appId} class="card">
              <h2>
                <a href={`#/apps/${encodeURIComponent(application.appId)}`}>{application.name}</a>
              </h2>
              <p class="muted">
                <code>{application.appId}</code> · created {when(application.createdAt)}
              </p>
              <p>{application.hostnames.join(', ')}</p>
            </li>
          ))}
        </ul>
      )}
      {created && (
        <NewSecret
          title={`“${created.application.name}” is created`}
          appId={created.application.appId}
          secret={created.clientSecret}
          onDone={() => setCreated(null)}
          link
        />
      )}
      <section aria-labelledby="create-title" class="card">
        <h2 id="create-title">Create an application</h2>
        <form onSubmit={submit}>
          <label for="app-name">Name</label>
          <input id="app-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <label for="app-hostnames">Hostnames</label>
          <input
            id="app-hostnames"
            required
            aria-describedby="hostnames-hint"
            placeholder="app.example.com"
            value={hostnames}
            onInput={(e) => setHostnames(e.currentTarget.value)}
          />
          <p id="hostnames-hint" class="hint">
            The names your app sends in <code>X-Spaaza-MyPrice-App-Hostname</code>, separated by commas or spaces. Names you own are verified
            with a DNS TXT record; reserved names such as <code>app.test</code> are verified at once.
          </p>
          <ErrorMessage error={create.error} />
          <button type="submit" disabled={create.busy}>
            Create application
          </button>
        </form>
      </section>
    </main>
  );
}
