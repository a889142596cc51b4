import { createHmac, randomBytes } from 'node:crypto';
import { clientSecretPepper } from '../secrets/pepper.js';
import type { WebhookEndpointItem, WebhookSecretSalt } from '../entities/webhook-endpoint.js';

/**
 * Webhook signing secrets (`whsec_` + base64 of 32 bytes). The sender must sign with the
 * secret itself, so it cannot be stored hashed like a client secret. It is not stored at
 * all: it is HMAC(pepper, "webhook-secret" + endpointId + salt), and only the random salt is
 * in the table. The pepper is CLIENT_SECRET_PEPPER (a label keeps the two uses apart), read
 * with the async accessor of lib/secrets/pepper.ts (deployed: from Secrets Manager).
 */

/** The key webhook secrets derive from: read once before a plan, which stays synchronous. */
export const webhookSecretKey = (): Promise<string> => clientSecretPepper();

export const rotationOverlapMs = 24 * 3600_000;

export function newSecretSalt(at: Date): WebhookSecretSalt {
  return { salt: randomBytes(24).toString('base64url'), createdAt: at.toISOString(), retiresAt: null };
}

export function secretOf(pepper: string, endpointId: string, salt: WebhookSecretSalt): string {
  const key = createHmac('sha256', pepper).update(`webhook-secret\n${endpointId}\n${salt.salt}`).digest();
  return `whsec_${key.toString('base64')}`;
}

/** The secrets that sign at `at`: the current one and a rotated one within its 24 hours. */
export async function signingSecrets(endpoint: Pick<WebhookEndpointItem, 'endpointId' | 'secrets'>, at: Date): Promise<string[]> {
  const pepper = await webhookSecretKey();
  return endpoint.secrets.filter((salt) => salt.retiresAt === null || Date.parse(salt.retiresAt) > at.getTime()).map((salt) => secretOf(pepper, endpoint.endpointId, salt));
}

/** After a rotation: the new salt first, the old current one retiring in 24 hours; older ones dropped. */
export function rotatedSalts(secrets: WebhookSecretSalt[], at: Date): WebhookSecretSalt[] {
  const current = secrets.find((salt) => salt.retiresAt === null);
  const retiring = current ? [{ ...current, retiresAt: new Date(at.getTime() + rotationOverlapMs).toISOString() }] : [];
  return [newSecretSalt(at), ...retiring];
}
