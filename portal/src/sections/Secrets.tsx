import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { ApiError } from '../api/client';
import type { CreatedSecret, PortalApplication } from '../api/types';
import { ConfirmDialog, ErrorMessage, useAction, when } from '../components/ui';
import { NewSecret } from './NewSecret';

/** Client secrets: rotate (a new one, shown once) and retire; the last one cannot be retired. */
export function Secrets({ application, onChanged }: { application: PortalApplication; onChanged: () => Promise<void> }) {
  const [created, setCreated] = useState<CreatedSecret | null>(null);
  const [retiring, setRetiring] = useState<string | null>(null);
  const action = useAction();

  const create = () =>
    action.run(async () => {
      setCreated(await api.createSecret(application.appId));
      await onChanged();
    });

  const retire = (secretId: string) =>
    action.run(async () => {
      setRetiring(null);
      try {
        await api.retireSecret(application.appId, secretId);
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) throw new Error(`Not retired: ${error.message}.`);
        throw error;
      }
      await onChanged();
    });

  return (
    <section aria-labelledby="secrets-title" class="card">
      <h2 id="secrets-title">Client secrets</h2>
      <p class="hint">Rotate without downtime: create a new secret, deploy it, then retire the old one. A retired secret stops working within 30 seconds.</p>
      {created && <NewSecret title="New client secret" appId={application.appId} secret={created.clientSecret} onDone={() => setCreated(null)} />}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Active client secrets</caption>
          <thead>
            <tr>
              <th scope="col">Secret id</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {application.clientSecrets.map((secret) => (
              <tr key={secret.secretId}>
                <td>
                  <code>{secret.secretId}</code>
                </td>
                <td>{when(secret.createdAt)}</td>
                <td>{when(secret.lastUsedAt)}</td>
                <td>
                  <button type="button" class="danger" onClick={() => setRetiring(secret.secretId)} aria-label={`Retire secret ${secret.secretId}`}>
                    Retire
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorMessage error={action.error} />
      <button type="button" onClick={() => void create()} disabled={action.busy}>
        Create a new secret
      </button>
      <ConfirmDialog
        open={retiring !== null}
        title="Retire this client secret?"
        confirmLabel="Retire secret"
        onConfirm={() => retiring && void retire(retiring)}
        onCancel={() => setRetiring(null)}
      >
        <p>
          Requests signed with <code>{retiring}</code> will be refused within 30 seconds. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
