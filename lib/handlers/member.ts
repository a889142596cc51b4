import type { core } from 'zod/mini';
import { createHandler, type HandlerOptions, type UseCaseRunner } from '../http/handler.js';
import { resolveClientAddress } from '../http/client-address.js';
import { idempotencySteps } from '../http/idempotency.js';
import { memberCredentialsOf, type MemberCredentials } from '../licenses/member-session.js';

/**
 * createHandler for the member routes (/api/user/…, docs/api.md, App backend): the member
 * headers are checked for form before the body is read (401), and the use case reads the
 * session and the hostname claim with its own first reads, proving the member
 * (lib/licenses/member-session.ts `memberIn`) before it looks at anything it read: one wave
 * where two were.
 */
export function createMemberHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>>(
  options: Omit<HandlerOptions<Schema, MemberCredentials>, 'authenticate'>,
  run: UseCaseRunner<core.output<Schema>, MemberCredentials>,
) {
  return createHandler<Schema, MemberCredentials>({ ...options, jsonOnly: true, clientAddress: resolveClientAddress, idempotency: idempotencySteps, authenticate: memberCredentialsOf }, run);
}
