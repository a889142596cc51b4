import * as z from 'zod/mini';
import { runOptimistic } from '../db/optimistic.js';
import { changeApplicationSettings } from '../entities/application-settings.js';
import { SignetError } from '../errors.js';
import { requireOwnedApplicationWithSecrets } from './repository.js';
import { applicationNameSchema } from './schemas.js';
import { applicationView, type ApplicationView } from './views.js';

/** `https`, with `{token}` where the reset token goes (docs/api.md, account lifecycle). */
export const passwordResetUrlSchema = z.string().check(
  z.maxLength(2048, 'must be at most 2048 characters'),
  z.refine((value) => value.includes('{token}'), 'must contain {token}, where the reset token goes'),
  z.refine((value) => {
    try {
      const url = new URL(value.split('{token}').join('token'));
      return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an https URL'),
);

export const applicationPatchSchema = z
  .strictObject({
    name: z.optional(applicationNameSchema),
    passwordResetUrl: z.optional(z.nullable(passwordResetUrlSchema)),
  })
  .check(z.refine((patch) => patch.name !== undefined || patch.passwordResetUrl !== undefined, 'send name or passwordResetUrl'));

export type ApplicationPatch = z.output<typeof applicationPatchSchema>;

/** PATCH /api/developer/applications/:appId: the owner renames the app or sets where reset mails link. */
export async function updateApplication(appId: string, ownerUserId: number, patch: ApplicationPatch): Promise<ApplicationView> {
  const { application, secrets } = await requireOwnedApplicationWithSecrets(appId, ownerUserId);
  await runOptimistic({
    read: async () => undefined,
    plan: () => ({
      items: [changeApplicationSettings(appId, ownerUserId, patch)],
      result: undefined,
      onConditionFailed: () => {
        throw new SignetError('notFound', 'No such application');
      },
    }),
  });
  return applicationView({ ...application, ...patch }, secrets);
}
