import * as z from 'zod/mini';
import { cleanIdentifierChecks, cleanTextChecks } from '../text/hygiene.js';
import type { LicenseDuration } from '../entities/license.js';

/** Input rules of a variant (docs/api.md, Developer), shared by the developer API and status sync. */
export const maxVariantNameLength = 100;
export const maxVariantDescriptionLength = 1000;
export const licenseDurations: readonly LicenseDuration[] = ['MONTH', 'YEAR', 'LIFETIME'];
export const defaultVariantDuration: LicenseDuration = 'LIFETIME';

export const variantNameSchema = z.string().check(
  ...cleanIdentifierChecks,
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.maxLength(maxVariantNameLength, `must be at most ${maxVariantNameLength} characters`),
);

/** MONTH, YEAR or LIFETIME, in any letter case. */
export const durationSchema = z.pipe(
  z.string().check(z.trim(), z.toUpperCase()),
  z.enum(['MONTH', 'YEAR', 'LIFETIME'], 'must be MONTH, YEAR or LIFETIME'),
);

/** An empty or blank description is no description. */
export const descriptionSchema = z.pipe(
  z.nullable(z.string().check(...cleanTextChecks, z.maxLength(maxVariantDescriptionLength, `must be at most ${maxVariantDescriptionLength} characters`))),
  z.transform((value: string | null) => (value === null || value.trim() === '' ? null : value.trim())),
);
