import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { nowMs } from '../clock.js';
import { config } from '../config.js';
import { containerScoped } from '../container-state.js';
import { outOfTime, raceAbort } from '../db/send.js';
import { logger } from '../logger.js';
import { requestContext } from '../request-context.js';

/**
 * A Secrets Manager secret's current value, read with GetSecretValue once per container and
 * kept CLIENT_SECRET_PEPPER_CACHE_SECONDS on the business clock (lib/clock.ts), so a rotated
 * value is used within that TTL without a redeploy. A read runs inside the request's deadline
 * (its abort signal); when a refresh fails, the value already held is kept. Used for the
 * pepper (./pepper.ts) and the Facebook app secret: no secret value sits in a function's
 * configuration. Own code rather than Powertools Parameters: its cache follows Date.now(),
 * not the injected clock, and takes no abort signal.
 */

/** Secrets Manager answers within these per attempt; two attempts stay well inside a request's deadline. */
const secretsTimeouts = { connectionTimeout: 1000, requestTimeout: 2000 } as const;

function secretsClient(): SecretsManagerClient {
  return containerScoped('secretsManagerClient', newSecretsClient);
}

function newSecretsClient(): SecretsManagerClient {
  const { AWS_REGION, SECRETS_MANAGER_ENDPOINT } = config();
  return new SecretsManagerClient({
    region: AWS_REGION,
    maxAttempts: 2,
    requestHandler: { ...secretsTimeouts, throwOnRequestTimeout: true },
    // A local stand-in checks no signature: it needs some credentials, not real ones.
    ...(SECRETS_MANAGER_ENDPOINT ? { endpoint: SECRETS_MANAGER_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}

/** What this container holds of one secret, and the read under way, if any. */
interface SecretState {
  held?: { value: string; readAt: number };
  reading?: Promise<string>;
}

export interface SecretRules {
  /** The setting it stands for, named in errors and logs (never the value). */
  name: string;
  minLength: number;
}

async function readSecret(secretId: string, rules: SecretRules, state: SecretState): Promise<string> {
  const context = requestContext();
  if (context?.signal.aborted) throw outOfTime();
  const call = secretsClient().send(new GetSecretValueCommand({ SecretId: secretId }), context ? { abortSignal: context.signal } : undefined);
  const { SecretString } = await (context ? raceAbort(call, context.signal) : call);
  if (!SecretString || SecretString.length < rules.minLength) throw new Error(`Invalid configuration: the ${rules.name} secret must hold a string of ${rules.minLength}+ characters`);
  state.held = { value: SecretString, readAt: nowMs() };
  return SecretString;
}

/** The secret's value (by name or ARN), from this container's cache while it is fresh. */
export async function secretValue(secretId: string, rules: SecretRules): Promise<string> {
  const ttlMs = config().CLIENT_SECRET_PEPPER_CACHE_SECONDS * 1000;
  const state = containerScoped<SecretState>(`secret:${secretId}`, () => ({}));
  const current = state.held;
  if (current && nowMs() - current.readAt < ttlMs) return current.value;
  // One read at a time per container: concurrent requests (the local server) share it.
  const reading = (state.reading ??= readSecret(secretId, rules, state).finally(() => {
    state.reading = undefined;
  }));
  try {
    return await reading;
  } catch (error) {
    if (!current) throw error;
    logger.warn(`could not refresh ${rules.name}; using the value read before`, { errorName: error instanceof Error ? error.name : 'unknown' });
    return current.value;
  }
}
