import { now as clockNow } from '../clock.js';
import { config } from '../config.js';
import { batchGet } from '../db/operations.js';
import { readApplication } from '../entities/application.js';
import { claimedUserId, usernameClaimKey } from '../entities/user-claims.js';
import { runOptimistic } from '../db/optimistic.js';
import { passwordResetKeys, putResetPointer, putResetToken } from '../entities/password-reset.js';
import { errorFields, logger } from '../logger.js';
import { passwordResetLink, passwordResetMail } from '../mail/reset-mail.js';
import { sendMail } from '../mail/ses.js';
import { hostnameClaimKey, loginScope } from '../auth/login-scope.js';
import { adminScope } from '../sessions/validity.js';
import { reserveFailure, type FailureWindow } from '../throttle/repository.js';
import { hashResetToken, newResetToken } from './reset-token.js';

export interface ResetRequest {
  username: string;
  /** The hostname header: a member reset links to that application's passwordResetUrl. */
  hostname: string | undefined;
  sourceIp: string;
}

/** Fixed by docs/api.md, account lifecycle: at most 3 mails per username and 20 requests per source IP per hour. */
export const resetMailsPerUsername: FailureWindow = { limit: 3, windowSeconds: 3600 };
export const resetRequestsPerIp: FailureWindow = { limit: 20, windowSeconds: 3600 };

/**
 * Where the mail of an unknown username goes: SES's mailbox simulator, which accepts
 * and drops it (and does not count against the sending quota). So an unknown username
 * costs the same reads, writes and SendEmail as a known one: neither the answer nor
 * its timing tells whether the account exists (OWASP Forgot Password Cheat Sheet).
 */
export const decoyRecipient = 'success@simulator.amazonses.com';

/**
 * POST /auth/request-password-reset. Always ends in the same 200. The source IP's
 * request counter, then the username's mail counter, are counted first (the failure
 * counters of lib/throttle, in the table): past either limit nothing else happens, no
 * mail. Otherwise a new token supersedes the user's earlier one and the mail goes out.
 */
export async function requestPasswordReset(request: ResetRequest): Promise<void> {
  const username = request.username.trim();
  const items = await batchGet([usernameClaimKey(username), hostnameClaimKey(request.hostname)]);
  const scope = loginScope(request.hostname, items);
  const now = clockNow();
  if (!(await reserveFailure(passwordResetKeys.requestsOfIp(request.sourceIp), resetRequestsPerIp, now)).granted) return;
  if (!(await reserveFailure(passwordResetKeys.mailsToUsername(username), resetMailsPerUsername, now)).granted) return;

  const userId = claimedUserId(items, usernameClaimKey(username));
  const application = scope === adminScope ? undefined : await readApplication(scope);
  const token = newResetToken();
  const tokenHash = hashResetToken(token);
  const ttlSeconds = config().PASSWORD_RESET_TTL_SECONDS;
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  await runOptimistic({
    read: async () => undefined,
    plan: () => ({
      items: userId !== undefined
        ? [putResetToken(tokenHash, userId, expiresAt), putResetPointer(userId, tokenHash, expiresAt)]
        : [putResetToken(tokenHash, null, expiresAt)],
      result: undefined,
    }),
  });
  const portal = config().PORTAL_URL ?? config().PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000';
  const link = passwordResetLink(token, application?.passwordResetUrl, portal);
  const mail = passwordResetMail(userId !== undefined ? username : decoyRecipient, link, Math.round(ttlSeconds / 60), application?.name);
  try {
    await sendMail(mail);
  } catch (error) {
    // The answer stays the same 200 (no enumeration); the failure is for operations to see.
    logger.error('password reset: SendEmail failed', errorFields(error));
  }
}
