import { CopyButton } from '../components/ui';

/**
 * A client secret, shown this once: the server keeps only its hash. A replayed creation
 * (same Idempotency-Key) answers `clientSecret: null`: then say so, and to make a new one.
 */
export function NewSecret(props: { title: string; appId: string; secret: string | null; onDone: () => void; link?: boolean }) {
  return (
    <section class="card reveal" aria-labelledby="new-secret-title">
      <h2 id="new-secret-title">{props.title}</h2>
      <p>
        <strong>Copy this client secret now: you will not see it again.</strong> Signet stores only its hash. Your app's backend sends it with
        the client id in HTTP Basic auth.
      </p>
      <dl class="pairs">
        <dt>Client id</dt>
        <dd>
          <code>{props.appId}</code> <CopyButton text={props.appId} label="Copy client id" />
        </dd>
        <dt>Client secret</dt>
        <dd>
          {props.secret === null ? (
            <span data-testid="new-secret">This secret cannot be shown again. Create a new one under Client secrets.</span>
          ) : (
            <>
              <code class="secret" data-testid="new-secret">
                {props.secret}
              </code>{' '}
              <CopyButton text={props.secret} label="Copy secret" />
            </>
          )}
        </dd>
      </dl>
      <div class="actions">
        {props.link && <a href={`#/apps/${encodeURIComponent(props.appId)}`}>Open the application</a>}
        <button type="button" class="secondary" onClick={props.onDone}>
          I have stored it
        </button>
      </div>
    </section>
  );
}
