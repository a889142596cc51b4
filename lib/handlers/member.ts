import type { core } from 'zod/mini';
import { createHandler, type HandlerOptions, type UseCaseRunner } from '../http/handler.js';
import { idempotencySteps } from '../http/idempotency.js';
import { authenticateMember, type MemberIdentity } from '../licenses/member-session.js';

/**
 * createHandler for the member routes (/api/user/…, docs/api.md, App backend): a member session of the
 * app the hostname header names, checked before the body is read.
 */
export function createMemberHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>>(
  options: Omit<HandlerOptions<Schema, MemberIdentity>, 'authenticate'>,
  run: UseCaseRunner<core.output<Schema>, MemberIdentity>,
) {
  return createHandler<Schema, MemberIdentity>({ ...options, jsonOnly: true, idempotency: idempotencySteps, authenticate: authenticateMember }, run);
}
