import { useEffect, useState } from 'preact/hooks';
import { getStatus } from '../api/app-backend';
import { api } from '../api/endpoints';
import type { CurrentStatusBody, DeveloperConnectionView, PortalApplication, UsersPage } from '../api/types';
import { ConfirmDialog, ErrorMessage, PageButtons, useAction, when } from '../components/ui';
import { ConnectFirstUser } from './ConnectFirstUser';

const pageSize = 10;
/** While nobody is connected, the list is read again this often, so the first connection shows up. */
const emptyPollMs = 5000;

/** One user's status history, newest first (GET .../users/:globalId/status, with the pasted secret). */
function History({ appId, user, secret, version }: { appId: string; user: DeveloperConnectionView; secret: string; version: number }) {
  const [current, setCurrent] = useState<CurrentStatusBody | null>(null);
  const load = useAction();
  useEffect(() => {
    if (!secret) return;
    void load.run(async () => setCurrent(await getStatus(appId, user.globalId, secret)));
  }, [appId, user.globalId, secret, version]);

  return (
    <section aria-labelledby="history-title" class="history">
      <h3 id="history-title">Status history of {user.name ?? user.email ?? user.globalId}</h3>
      {!secret && (
        <p class="notice">
          The history is read with your app's credentials: paste a client secret in “Try it” below. It is kept only in this page's memory.
        </p>
      )}
      <ErrorMessage error={load.error} />
      {current && current.history.length === 0 && <p>No status changes yet.</p>}
      {current && current.history.length > 0 && (
        <ol class="timeline" aria-label="Status changes, newest first">
          {current.history.map((entry) => (
            <li key={`${entry.at}-${entry.licenseId}-${entry.action}`} class={`event ${entry.action}`}>
              <span class="event-action">{entry.action}</span> <strong>{entry.status}</strong>
              <div class="muted">
                {when(entry.at)} · license <code>{entry.licenseId}</code>
                {'secretId' in entry.by ? ` · by secret ${entry.by.secretId}` : ` · by developer ${entry.by.userId}`}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Connected users, a page at a time, with their current statuses; deactivate; one user's history. */
export function Users(props: {
  application: PortalApplication;
  secret: string;
  version: number;
  onChanged: () => void;
  /** The connected-user count each time the list is read (a poll or Refresh may find new users). */
  onTotal?: (total: number) => void;
}) {
  const { appId } = props.application;
  const [page, setPage] = useState<UsersPage | null>(null);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<DeveloperConnectionView | null>(null);
  const [deactivating, setDeactivating] = useState<DeveloperConnectionView | null>(null);
  const load = useAction();
  const change = useAction();
  const cursor = cursors[cursors.length - 1];

  const [polls, setPolls] = useState(0);
  useEffect(() => {
    void load.run(async () => {
      const read = await api.listUsers(appId, pageSize, cursor);
      setPage(read);
      props.onTotal?.(read.total);
    });
  }, [appId, cursor, props.version, polls]);

  // Nobody connected yet: look again every few seconds (while the tab is visible) until someone is.
  const empty = page?.total === 0;
  useEffect(() => {
    if (!empty) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setPolls((value) => value + 1);
    }, emptyPollMs);
    return () => window.clearInterval(timer);
  }, [empty]);

  const deactivate = (user: DeveloperConnectionView) =>
    change.run(async () => {
      setDeactivating(null);
      await api.deactivateUser(appId, user.id);
      props.onChanged();
    });

  const pageNumber = cursors.length;
  return (
    <section aria-labelledby="users-title" class="card">
      <div class="section-head">
        <h2 id="users-title">Connected users</h2>
        <button type="button" class="secondary" disabled={load.busy} onClick={() => setPolls((value) => value + 1)}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={load.error} />
      {page && page.total === 0 && (
        <>
          <p>No user has signed in to this application yet.</p>
          <ConnectFirstUser application={props.application} />
        </>
      )}
      {page && page.users.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>
              {page.total} connected user{page.total === 1 ? '' : 's'} · page {pageNumber}
            </caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Status</th>
                <th scope="col">Sessions</th>
                <th scope="col">Last session</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.users.map((user) => (
                <tr key={user.id} class={user.active ? '' : 'inactive'}>
                  <td>
                    <div>{user.name ?? user.email ?? 'No name'}</div>
                    <div class="muted">
                      <code>{user.globalId}</code> {user.email && user.name ? `· ${user.email}` : ''}
                    </div>
                  </td>
                  <td>
                    {user.statuses.length === 0 && user.redeemed.length === 0 ? (
                      <span class="muted">none</span>
                    ) : (
                      user.statuses.map((status) => (
                        <span key={status.licenseId} class="badge verified">
                          {status.status}
                        </span>
                      ))
                    )}
                    {user.redeemed.map((license) => (
                      <span key={license.licenseId} class="badge verified" title={`Redeemed code ${license.code}`}>
                        {license.variant.name} (code)
                      </span>
                    ))}
                    {!user.active && <span class="badge pending">inactive</span>}
                  </td>
                  <td>{user.sessions}</td>
                  <td>{when(user.lastSession)}</td>
                  <td>{when(user.joined)}</td>
                  <td>
                    <div class="actions">
                    <button type="button" class="secondary" onClick={() => setSelected(user)} aria-label={`History of ${user.globalId}`}>
                      History
                    </button>
                    {user.active && (
                      <button type="button" class="danger" onClick={() => setDeactivating(user)} aria-label={`Deactivate ${user.globalId}`}>
                        Deactivate
                      </button>
                    )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PageButtons label="Pages of users" cursors={cursors} setCursors={setCursors} nextCursor={page?.nextCursor} />
      <ErrorMessage error={change.error} />
      {selected && <History appId={appId} user={selected} secret={props.secret} version={props.version} />}
      <ConfirmDialog
        open={deactivating !== null}
        title={`Deactivate ${deactivating?.name ?? deactivating?.globalId ?? ''}?`}
        confirmLabel="Deactivate"
        onConfirm={() => deactivating && void deactivate(deactivating)}
        onCancel={() => setDeactivating(null)}
      >
        <p>Their sessions in this app end and their active statuses are revoked. The history is kept; signing in again reconnects them.</p>
      </ConfirmDialog>
    </section>
  );
}
