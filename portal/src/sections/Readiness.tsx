import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { ReadinessReport } from '../api/types';
import { ErrorMessage, useAction } from '../components/ui';

const titles: Record<ReadinessReport['api'], string> = {
  'status-sync': 'Status sync (PATCH a user’s status)',
  'current-logins': 'Current logins (GET the connected users)',
};

/** What to do about a failed check, in the portal's words. */
const fixes: Record<string, string> = {
  client_secret: 'Create a client secret under “Client secrets”.',
  active_connection: 'Connect a user: “Connected users” above shows the two requests (POST /auth/add-user, then POST /auth/login with a verified hostname in X-Spaaza-MyPrice-App-Hostname).',
  route_deployed: 'This deployment lacks the route: deploy the current Signet version.',
};

function Checklist({ report }: { report: ReadinessReport }) {
  return (
    <div class="report" aria-live="polite">
      <h3>
        {titles[report.api]}: <span class={`badge ${report.ready ? 'verified' : 'pending'}`}>{report.ready ? 'ready' : 'not ready'}</span>
      </h3>
      <p class="muted">
        <code>
          {report.endpoint.method} {report.endpoint.url}
        </code>{' '}
        · Basic auth, client id <code>{report.endpoint.clientId}</code>
      </p>
      <ul class="checklist">
        {report.checks.map((check) => (
          <li key={check.name} class={check.ok ? 'ok' : 'fail'}>
            <span aria-hidden="true" class="mark">
              {check.ok ? '✓' : '✗'}
            </span>
            <span class="visually-hidden">{check.ok ? 'Passed: ' : 'To fix: '}</span>
            {check.detail}
            {!check.ok && fixes[check.name] && <div class="fix">{fixes[check.name]}</div>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The two integration readiness tests (docs/api.md, developer routes), run from buttons, as checklists. */
export function Readiness({ appId }: { appId: string }) {
  const [reports, setReports] = useState<Partial<Record<ReadinessReport['api'], ReadinessReport>>>({});
  const action = useAction();
  const run = (which: ReadinessReport['api']) =>
    action.run(async () => {
      const report = await api.readiness(appId, which);
      setReports((current) => ({ ...current, [which]: report }));
    });
  return (
    <section aria-labelledby="readiness-title" class="card">
      <h2 id="readiness-title">Integration readiness</h2>
      <div class="actions">
        <button type="button" disabled={action.busy} onClick={() => void run('status-sync')}>
          Test status sync
        </button>
        <button type="button" disabled={action.busy} onClick={() => void run('current-logins')}>
          Test current logins
        </button>
      </div>
      <ErrorMessage error={action.error} />
      {reports['status-sync'] && <Checklist report={reports['status-sync']} />}
      {reports['current-logins'] && <Checklist report={reports['current-logins']} />}
    </section>
  );
}
