import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { HostnameStatusView, PortalApplication } from '../api/types';
import { CopyButton, ErrorMessage, useAction } from '../components/ui';

/**
 * Hostnames and their verification state (docs/security.md, Hostname ownership). A server without
 * verification sends no `hostnameStatus`: its hostnames all name the app.
 */
export function hostnameStatuses(application: PortalApplication): HostnameStatusView[] {
  return application.hostnameStatus ?? application.hostnames.map((hostname) => ({ hostname, status: 'verified', record: null }));
}

export function Hostnames({ application, onChanged }: { application: PortalApplication; onChanged: () => Promise<void> }) {
  const verify = useAction();
  const [verified, setVerified] = useState<string | null>(null);

  const check = (hostname: string) =>
    verify.run(async () => {
      setVerified(null);
      await api.verifyHostname(application.appId, hostname);
      setVerified(hostname);
      await onChanged();
    });

  return (
    <section aria-labelledby="hostnames-title" class="card">
      <h2 id="hostnames-title">Hostnames</h2>
      <ul class="plain">
        {hostnameStatuses(application).map((entry) => (
          <li key={entry.hostname} class="hostname">
            <code>{entry.hostname}</code> <span class={`badge ${entry.status}`}>{entry.status}</span>
            {entry.status === 'pending' && entry.record && (
              <div class="record">
                <p>Publish this DNS record, then verify:</p>
                <dl class="pairs">
                  <dt>Type</dt>
                  <dd>
                    <code>{entry.record.type}</code>
                  </dd>
                  <dt>Name</dt>
                  <dd>
                    <code>{entry.record.name}</code> <CopyButton text={entry.record.name} label={`Copy record name for ${entry.hostname}`} />
                  </dd>
                  <dt>Value</dt>
                  <dd>
                    <code>{entry.record.value}</code> <CopyButton text={entry.record.value} label={`Copy record value for ${entry.hostname}`} />
                  </dd>
                </dl>
                <button type="button" disabled={verify.busy} onClick={() => void check(entry.hostname)}>
                  Verify {entry.hostname}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {verified && <p role="status">{verified} is verified.</p>}
      <ErrorMessage error={verify.error} />
    </section>
  );
}
