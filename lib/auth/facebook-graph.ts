import { config } from '../config.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import { logger } from '../logger.js';
import { secretValue } from '../secrets/secret-value.js';
import { isCleanText } from '../text/hygiene.js';

export interface FacebookProfile {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

const timeoutMs = 5_000;

/**
 * A Graph API text field under the hygiene of docs/security.md, Trust under abuse (lib/text/hygiene.ts): NFC,
 * trimmed, cut to `max`. A value with control or format characters or lone surrogates
 * is dropped (null), not refused: the user did not type it here, and the login goes on.
 */
function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string' || !isCleanText(value)) return null;
  const cut = value.normalize('NFC').trim().slice(0, max);
  // a cut through a surrogate pair would leave a lone surrogate: drop its first half
  const whole = /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
  return whole === '' ? null : whole;
}

/**
 * The deployment's own Facebook app. Facebook login is optional per deployment: without
 * FACEBOOK_APP_ID and FACEBOOK_APP_SECRET it is simply not offered (a 400 that says so,
 * never a 500), and the log names the missing settings for the operator.
 */
async function facebookApp(): Promise<{ appId: string; appSecret: string }> {
  const { FACEBOOK_APP_ID, FACEBOOK_APP_SECRET, FACEBOOK_APP_SECRET_ID } = config();
  if (!FACEBOOK_APP_ID || (!FACEBOOK_APP_SECRET && !FACEBOOK_APP_SECRET_ID)) {
    logger.warn('Facebook login requested, but FACEBOOK_APP_ID and FACEBOOK_APP_SECRET (or FACEBOOK_APP_SECRET_ID) are not both set (docs/operations.md)');
    throw new SignetError('invalidParameter', 'Facebook login is not enabled on this deployment', {
      issues: [{ path: 'auth_method', message: 'facebook is not enabled on this deployment' }],
    });
  }
  const appSecret = FACEBOOK_APP_SECRET ?? (await secretValue(FACEBOOK_APP_SECRET_ID ?? '', { name: 'FACEBOOK_APP_SECRET', minLength: 16 }));
  return { appId: FACEBOOK_APP_ID, appSecret };
}

const graphUrl = (path: string) => new URL(`${config().FACEBOOK_GRAPH_URL.replace(/\/+$/, '')}${path}`);

function refused(): SignetError {
  countMetric('FailedLogins');
  return new SignetError('invalidFacebookToken');
}

/**
 * Checks an access token (docs/security.md): `debug_token` with the app's own token
 * (`<app id>|<app secret>`) must answer it valid *for FACEBOOK_APP_ID* (a token
 * of another app is refused like an invalid one); then `/me` names the user,
 * who must be the token's user. A refusal is 401 invalid_facebook_token; an
 * unreachable or failing Graph API is 503 (the token may be fine).
 */
export async function fetchFacebookProfile(accessToken: string): Promise<FacebookProfile> {
  const { appId, appSecret } = await facebookApp();
  const debug = graphUrl('/debug_token');
  debug.searchParams.set('input_token', accessToken);
  debug.searchParams.set('access_token', `${appId}|${appSecret}`);
  const inspected = await askGraph(debug);
  const data = inspected.body?.data as Record<string, unknown> | undefined;
  if (!inspected.ok || data?.is_valid !== true || String(data.app_id) !== appId) throw refused();

  const url = graphUrl('/me');
  url.searchParams.set('fields', 'id,email,first_name,last_name');
  url.searchParams.set('access_token', accessToken);
  const { ok, body } = await askGraph(url);
  const id = body?.id;
  if (!ok || (typeof id !== 'string' && typeof id !== 'number') || !/^\d{1,32}$/.test(String(id))) throw refused();
  if (data.user_id !== undefined && String(data.user_id) !== String(id)) throw refused();
  return {
    id: String(id),
    email: text(body?.email, 254),
    firstName: text(body?.first_name, 100),
    lastName: text(body?.last_name, 100),
  };
}

/** One Graph API GET: its JSON body, or 503 when Facebook cannot be reached or fails. */
async function askGraph(url: URL): Promise<{ ok: boolean; body: Record<string, unknown> | undefined }> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    logger.warn('facebook graph unreachable', { errorName: error instanceof Error ? error.name : typeof error });
    throw new SignetError('unavailable', 'Facebook could not be reached; retry shortly');
  }
  if (response.status >= 500) {
    logger.warn('facebook graph failed', { status: response.status });
    throw new SignetError('unavailable', 'Facebook could not be reached; retry shortly');
  }
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  return { ok: response.ok, body };
}
