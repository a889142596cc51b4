import * as z from 'zod/mini';
import * as params from '../../lib/auth/params.js';
import { genderWords } from '../../lib/users/gender.js';
import { durationSchema } from '../../lib/variants/rules.js';

/**
 * Descriptions for rules a JSON Schema cannot state (vocabularies applied by a
 * transform, form-encoded booleans), registered on the shared schema objects for
 * z.toJSONSchema. Registered here, not next to the schemas, so the Lambda bundles
 * do not carry documentation text.
 */
export function registerSchemaDescriptions(): void {
  const describe = (schema: z.core.$ZodType, description: string) => {
    if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, { description });
  };
  describe(params.optionalGender, `M, F or one of: ${genderWords.join(', ')} (any case).`);
  describe(params.optionalBirthday, 'YYYY-MM-DD, a real date in the past.');
  describe(params.optionalFlag, 'true or false (also 1/0); default false.');
  describe(params.optionalUserId, 'A positive integer user id.');
  describe(durationSchema, 'MONTH, YEAR or LIFETIME, in any letter case.');
}
