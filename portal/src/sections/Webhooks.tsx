import { useEffect, useState } from 'preact/hooks';
import { eventTypeChoices, webhookApi, type CreatedWebhook, type DeliveryView, type WebhookView } from '../api/webhooks';
import { ConfirmDialog, CopyButton, ErrorMessage, Notice, PageButtons, useAction, when } from '../components/ui';

/** The signing secret, shown this once (at creation or rotation): Signet keeps only a salt. */
function NewWebhookSecret({ created, onDone }: { created: CreatedWebhook; onDone: () => void }) {
  return (
    <section class="card reveal" aria-labelledby="new-webhook-secret-title">
      <h3 id="new-webhook-secret-title">Signing secret</h3>
      <p>
        <strong>Copy this signing secret now: you will not see it again.</strong> Verify deliveries to <code>{created.webhook.url}</code> with it
        (Standard Webhooks; see docs/webhooks.md).
      </p>
      <p>
        <code class="secret" data-testid="new-webhook-secret">
          {created.secret}
        </code>{' '}
        <CopyButton text={created.secret} label="Copy signing secret" />
      </p>
      <button type="button" class="secondary" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}

function EventTypePicker({ id, selected, onChange }: { id: string; selected: string[]; onChange: (types: string[]) => void }) {
  const all = selected.includes('*');
  const toggle = (type: string, on: boolean) => onChange(on ? [...selected.filter((value) => value !== '*'), type] : selected.filter((value) => value !== type));
  return (
    <fieldset class="event-types">
      <legend>Event types</legend>
      <label for={`${id}-all`}>
        <input id={`${id}-all`} type="checkbox" checked={all} onChange={(e) => onChange(e.currentTarget.checked ? ['*'] : [])} /> All events
      </label>
      {!all &&
        eventTypeChoices.map((type) => (
          <label key={type} for={`${id}-${type}`}>
            <input id={`${id}-${type}`} type="checkbox" checked={selected.includes(type)} onChange={(e) => toggle(type, e.currentTarget.checked)} /> <code>{type}</code>
          </label>
        ))}
    </fieldset>
  );
}

function DeliveryLog({ appId, endpoint }: { appId: string; endpoint: WebhookView }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [deliveries, setDeliveries] = useState<DeliveryView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [since, setSince] = useState('');
  const [notice, setNotice] = useState('');
  const load = useAction();
  const act = useAction();
  const refresh = () =>
    load.run(async () => {
      const page = await webhookApi.deliveries(appId, endpoint.endpointId, cursors.at(-1));
      setDeliveries(page.deliveries);
      setNextCursor(page.nextCursor);
    });
  useEffect(() => void refresh(), [appId, endpoint.endpointId, cursors]);

  const replay = (eventId: string) =>
    act.run(async () => {
      await webhookApi.replay(appId, eventId);
      setNotice(`Event ${eventId} is being sent again (same webhook-id).`);
    });
  const recover = (event: Event) => {
    event.preventDefault();
    void act.run(async () => {
      await webhookApi.recover(appId, endpoint.endpointId, new Date(since).toISOString());
      setNotice(`Failed deliveries since ${since} are being sent again.`);
    });
  };

  return (
    <div class="delivery-log">
      <h4>Delivery log</h4>
      <ErrorMessage error={load.error ?? act.error} />
      {notice && <Notice>{notice}</Notice>}
      {deliveries.length === 0 && !load.busy && <p class="muted">No deliveries yet.</p>}
      {deliveries.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Deliveries to {endpoint.url}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">State</th>
                <th scope="col">Attempts (time, answer, latency, excerpt)</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <tr key={delivery.eventId}>
                  <td>
                    <code>{delivery.eventType}</code>
                    <br />
                    <small>
                      <code>{delivery.eventId}</code>
                    </small>
                  </td>
                  <td>
                    {delivery.state}
                    {delivery.nextAttemptAt && <small> · next {when(delivery.nextAttemptAt)}</small>}
                  </td>
                  <td>
                    <ol class="attempts">
                      {delivery.attempts.map((attempt, index) => (
                        <li key={index}>
                          {when(attempt.at)} · {attempt.statusCode ?? attempt.error} · {attempt.latencyMs} ms
                          {attempt.responseBody ? <code class="excerpt"> {attempt.responseBody.slice(0, 120)}</code> : null}
                        </li>
                      ))}
                    </ol>
                  </td>
                  <td>
                    {delivery.eventType !== 'signet.test' && (
                      <button type="button" class="secondary" disabled={act.busy} onClick={() => void replay(delivery.eventId)} aria-label={`Replay event ${delivery.eventId}`}>
                        Replay
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PageButtons label={`Pages of deliveries to ${endpoint.url}`} cursors={cursors} setCursors={setCursors} nextCursor={nextCursor} />
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void refresh()} disabled={load.busy}>
          Refresh log
        </button>
      </div>
      <form class="inline-form" onSubmit={recover}>
        <div>
          <label for={`recover-${endpoint.endpointId}`}>Re-send failed deliveries since</label>
          <input id={`recover-${endpoint.endpointId}`} type="datetime-local" required value={since} onInput={(e) => setSince(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={act.busy}>
          Recover
        </button>
      </form>
    </div>
  );
}

function Endpoint({ appId, endpoint, onChanged, onSecret }: { appId: string; endpoint: WebhookView; onChanged: () => Promise<void>; onSecret: (created: CreatedWebhook) => void }) {
  const [showLog, setShowLog] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [notice, setNotice] = useState('');
  const action = useAction();
  const run = (work: () => Promise<void>) => action.run(async () => {
    await work();
    await onChanged();
  });
  return (
    <li class="card webhook">
      <h3>
        <code>{endpoint.url}</code>
      </h3>
      <p>
        {endpoint.enabled ? 'Enabled' : <strong>Disabled</strong>}
        {endpoint.disabledReason && <span> — {endpoint.disabledReason}</span>} · {endpoint.eventTypes.includes('*') ? 'all events' : endpoint.eventTypes.join(', ')} · added {when(endpoint.createdAt)}
      </p>
      {notice && <Notice>{notice}</Notice>}
      <ErrorMessage error={action.error} />
      <div class="actions">
        <button type="button" onClick={() => void run(async () => void (await webhookApi.update(appId, endpoint.endpointId, { enabled: !endpoint.enabled })))} disabled={action.busy}>
          {endpoint.enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              await webhookApi.test(appId, endpoint.endpointId);
              setNotice('A signet.test event is on its way; see the delivery log.');
            })
          }
        >
          Send test event
        </button>
        <button type="button" class="secondary" onClick={() => void run(async () => onSecret(await webhookApi.rotate(appId, endpoint.endpointId)))} disabled={action.busy}>
          Rotate secret
        </button>
        <button type="button" class="secondary" onClick={() => setShowLog(!showLog)} aria-expanded={showLog}>
          {showLog ? 'Hide delivery log' : 'Delivery log'}
        </button>
        <button type="button" class="danger" onClick={() => setDeleting(true)}>
          Delete
        </button>
      </div>
      {showLog && <DeliveryLog appId={appId} endpoint={endpoint} />}
      <ConfirmDialog
        open={deleting}
        title="Delete this webhook endpoint?"
        confirmLabel="Delete endpoint"
        onConfirm={() => {
          setDeleting(false);
          void run(() => webhookApi.remove(appId, endpoint.endpointId).then(() => undefined));
        }}
        onCancel={() => setDeleting(false)}
      >
        <p>
          Deliveries to <code>{endpoint.url}</code> stop, pending retries included.
        </p>
      </ConfirmDialog>
    </li>
  );
}

/** Webhooks (docs/webhooks.md): endpoints, their secret (shown once), event types, enable/disable, test, delivery log, replay and recover. */
export function Webhooks({ appId }: { appId: string }) {
  const [endpoints, setEndpoints] = useState<WebhookView[]>([]);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<string[]>(['*']);
  const load = useAction();
  const add = useAction();
  const refresh = () => load.run(async () => setEndpoints(await webhookApi.list(appId)));
  useEffect(() => void refresh(), [appId]);

  const submit = (event: Event) => {
    event.preventDefault();
    void add.run(async () => {
      if (types.length === 0) throw new Error('Pick at least one event type, or all events.');
      setCreated(await webhookApi.create(appId, url.trim(), types));
      setUrl('');
      await refresh();
    });
  };

  return (
    <section aria-labelledby="webhooks-title" class="card">
      <h2 id="webhooks-title">Webhooks</h2>
      <p class="hint">
        Signet POSTs signed events (Standard Webhooks) to your backend when a status is granted, revoked or expires, a code is redeemed, or a user
        signs in for the first time or is deactivated. Failed deliveries are retried for about 3 days; a 410 answer disables the endpoint.
      </p>
      {created && <NewWebhookSecret created={created} onDone={() => setCreated(null)} />}
      <ErrorMessage error={load.error} />
      <ul class="webhooks">
        {endpoints.map((endpoint) => (
          <Endpoint key={endpoint.endpointId} appId={appId} endpoint={endpoint} onChanged={refresh} onSecret={setCreated} />
        ))}
      </ul>
      <form onSubmit={submit} class="inline-form">
        <div>
          <label for="webhook-url">Endpoint URL (https)</label>
          <input id="webhook-url" type="url" required maxLength={2048} placeholder="https://api.example.com/signet/webhooks" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </div>
        <EventTypePicker id="webhook-types" selected={types} onChange={setTypes} />
        <ErrorMessage error={add.error} />
        <button type="submit" disabled={add.busy || endpoints.length >= 10}>
          Add endpoint
        </button>
      </form>
    </section>
  );
}
