import { useState } from 'preact/hooks';
import { asCurl, asFetch, patchStatus, type StatusPatch } from '../api/app-backend';
import { CopyButton, ErrorMessage, useAction } from '../components/ui';

interface Sent {
  curl: string;
  fetch: string;
  status: number;
  body: string;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * Sends a real status PATCH (docs/api.md, App backend) as the app's backend would. The pasted secret
 * is component state only: never stored, never in the URL, never in the shown request.
 */
export function TryIt(props: { appId: string; globalIds: string[]; secret: string; onSecret: (secret: string) => void; onSent: () => void }) {
  const { appId } = props;
  const [globalId, setGlobalId] = useState('');
  const [status, setStatus] = useState('PRO');
  const [variantName, setVariantName] = useState('');
  const [duration, setDuration] = useState('');
  const [revoke, setRevoke] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const action = useAction();
  const target = globalId || props.globalIds[0] || '';

  const body = (): StatusPatch => {
    if (revoke) return { revoke: true };
    const patch: StatusPatch = { status };
    if (variantName.trim()) patch.variantName = variantName.trim();
    if (duration) patch.duration = duration;
    return patch;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      if (!target) throw new Error('Choose a connected user first.');
      if (!props.secret) throw new Error('Paste a client secret of this application.');
      const patch = body();
      const response = await patchStatus(appId, target, props.secret, patch);
      setSent({ curl: asCurl(appId, target, patch), fetch: asFetch(appId, target, patch), status: response.status, body: pretty(response.text) });
      props.onSent();
    });
  };

  return (
    <section aria-labelledby="try-title" class="card">
      <h2 id="try-title">Try it: set a user’s status</h2>
      <p class="hint">
        Sends <code>PATCH /api/applications/{appId}/users/:globalId/status</code> exactly as your backend would. The secret stays in this page’s
        memory and is sent only in this request’s Authorization header.
      </p>
      <form onSubmit={submit} class="inline-form" autocomplete="off">
        <div>
          <label for="try-user">Connected user</label>
          <select id="try-user" value={target} onChange={(e) => setGlobalId(e.currentTarget.value)}>
            {props.globalIds.length === 0 && <option value="">No connected user yet</option>}
            {props.globalIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="try-secret">Client secret</label>
          {/* A text field masked by CSS, not type=password: browsers offer to save password fields, and this secret is never stored. */}
          <input
            id="try-secret"
            type="text"
            class="masked"
            autocomplete="off"
            spellcheck={false}
            data-lpignore="true"
            value={props.secret}
            onInput={(e) => props.onSecret(e.currentTarget.value)}
          />
        </div>
        <div>
          <label for="try-status">Status</label>
          <input id="try-status" value={status} disabled={revoke} onInput={(e) => setStatus(e.currentTarget.value)} />
        </div>
        <div>
          <label for="try-variant">Variant name (optional)</label>
          <input id="try-variant" value={variantName} disabled={revoke} onInput={(e) => setVariantName(e.currentTarget.value)} />
        </div>
        <div>
          <label for="try-duration">Duration</label>
          <select id="try-duration" value={duration} disabled={revoke} onChange={(e) => setDuration(e.currentTarget.value)}>
            <option value="">default (LIFETIME)</option>
            <option value="MONTH">MONTH</option>
            <option value="YEAR">YEAR</option>
            <option value="LIFETIME">LIFETIME</option>
          </select>
        </div>
        <div class="check">
          <input id="try-revoke" type="checkbox" checked={revoke} onChange={(e) => setRevoke(e.currentTarget.checked)} />
          <label for="try-revoke">Revoke instead</label>
        </div>
        <ErrorMessage error={action.error} />
        <div class="actions">
          <button type="submit" disabled={action.busy}>
            Send request
          </button>
        </div>
      </form>
      {sent && (
        <div class="exchange">
          <h3>Request as curl</h3>
          <pre tabIndex={0}>
            <code>{sent.curl}</code>
          </pre>
          <CopyButton text={sent.curl} label="Copy curl" />
          <h3>Request as fetch</h3>
          <pre tabIndex={0}>
            <code>{sent.fetch}</code>
          </pre>
          <CopyButton text={sent.fetch} label="Copy fetch" />
          <h3>
            Response <span class={`badge ${sent.status < 300 ? 'verified' : 'pending'}`}>HTTP {sent.status}</span>
          </h3>
          <pre tabIndex={0} data-testid="try-response">
            <code>{sent.body}</code>
          </pre>
        </div>
      )}
    </section>
  );
}
