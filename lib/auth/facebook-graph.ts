import { config } from '../config.js';
import { SignetError } from '../errors.js';
import { countMetric } from '../observability/metrics.js';
import { logger } from '../logger.js';

export interface FacebookProfile {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

const timeoutMs = 5_000;

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;
}

/**
 * Checks an access token by asking the Graph API who it belongs to
 * (`GET <FACEBOOK_GRAPH_URL>/me`). A refusal is 401 invalid_facebook_token;
 * an unreachable or failing Graph API is 503 (the token may be fine).
 */
export async function fetchFacebookProfile(accessToken: string): Promise<FacebookProfile> {
  const url = new URL(`${config().FACEBOOK_GRAPH_URL.replace(/\/+$/, '')}/me`);
  url.searchParams.set('fields', 'id,email,first_name,last_name');
  url.searchParams.set('access_token', accessToken);
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
  const id = body?.id;
  if (!response.ok || (typeof id !== 'string' && typeof id !== 'number') || !/^\d{1,32}$/.test(String(id))) {
    countMetric('FailedLogins');
    throw new SignetError('invalidFacebookToken');
  }
  return {
    id: String(id),
    email: text(body?.email, 254),
    firstName: text(body?.first_name, 100),
    lastName: text(body?.last_name, 100),
  };
}
