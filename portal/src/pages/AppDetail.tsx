import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { PortalApplication } from '../api/types';
import { ConfirmDialog, ErrorMessage, useAction, when } from '../components/ui';
import { Hostnames } from '../sections/Hostnames';
import { LicenseCodes } from '../sections/LicenseCodes';
import { Readiness } from '../sections/Readiness';
import { ResetUrl } from '../sections/ResetUrl';
import { Secrets } from '../sections/Secrets';
import { TryIt } from '../sections/TryIt';
import { Users } from '../sections/Users';
import { Variants } from '../sections/Variants';
import { Webhooks } from '../sections/Webhooks';

/** One application: hostnames, secrets, variants, license codes, users, readiness and "try it". */
export function AppDetail({ appId }: { appId: string }) {
  const [application, setApplication] = useState<PortalApplication | null>(null);
  const [globalIds, setGlobalIds] = useState<string[]>([]);
  // The pasted client secret: memory only (never storage, cookie or URL); gone when the page is left.
  const [secret, setSecret] = useState('');
  const [version, setVersion] = useState(0);
  // Users found by the list's own refresh (the first connection) reach "Try it" too.
  const [usersTotal, setUsersTotal] = useState<number | null>(null);
  const [variantsVersion, setVariantsVersion] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const load = useAction();
  const remove = useAction();

  const refresh = () => load.run(async () => setApplication(await api.getApplication(appId)));
  useEffect(() => void refresh(), [appId]);
  useEffect(() => {
    api
      .listUsers(appId, 100)
      .then((page) => setGlobalIds(page.users.filter((user) => user.active).map((user) => user.globalId)))
      .catch(() => setGlobalIds([]));
  }, [appId, version, usersTotal]);

  const deleteApplication = () =>
    remove.run(async () => {
      setDeleting(false);
      await api.deleteApplication(appId);
      window.location.hash = '#/';
    });

  if (!application) {
    return (
      <main id="main" tabIndex={-1}>
        <p>
          <a href="#/">← Applications</a>
        </p>
        <ErrorMessage error={load.error} />
        {!load.error && <p>Loading…</p>}
      </main>
    );
  }
  const bump = () => setVersion((value) => value + 1);
  return (
    <main id="main" tabIndex={-1}>
      <p>
        <a href="#/">← Applications</a>
      </p>
      <h1>{application.name}</h1>
      <p class="muted">
        Client id <code>{application.appId}</code> · created {when(application.createdAt)}
      </p>
      <ErrorMessage error={load.error} />
      <Hostnames application={application} onChanged={refresh} />
      <Secrets application={application} onChanged={refresh} />
      <ResetUrl application={application} onChanged={refresh} />
      <Variants appId={appId} onChanged={() => setVariantsVersion((value) => value + 1)} />
      <LicenseCodes appId={appId} variantsVersion={variantsVersion} />
      <Users application={application} secret={secret} version={version} onChanged={bump} onTotal={setUsersTotal} />
      <Readiness appId={appId} />
      <Webhooks appId={appId} />
      <TryIt appId={appId} globalIds={globalIds} secret={secret} onSecret={setSecret} onSent={bump} />
      <section aria-labelledby="danger-title" class="card danger-zone">
        <h2 id="danger-title">Delete this application</h2>
        <p>Its secrets stop working, its users’ sessions in it end and its hostnames are released.</p>
        <ErrorMessage error={remove.error} />
        <button type="button" class="danger" onClick={() => setDeleting(true)}>
          Delete application
        </button>
      </section>
      <ConfirmDialog
        open={deleting}
        title={`Delete “${application.name}”?`}
        confirmLabel="Delete application"
        onConfirm={() => void deleteApplication()}
        onCancel={() => setDeleting(false)}
      >
        <p>This cannot be undone.</p>
      </ConfirmDialog>
    </main>
  );
}
