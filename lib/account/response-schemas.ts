import * as z from 'zod/mini';
import { facebookFieldsShape, userFieldsShape } from '../auth/response-schemas.js';

/** Response `results` of the account-lifecycle routes (docs/api.md, account lifecycle), for the OpenAPI document and the contract test. */
export const requestPasswordResetResultsSchema = z.object({ result_type: z.literal('request-password-reset') });
export const resetPasswordResultsSchema = z.object({ result_type: z.literal('reset-password'), username: z.nullable(z.string()) });
export const changePasswordResultsSchema = z.object({ result_type: z.literal('change-password') });
export const alterUserResultsSchema = z.object({ ...userFieldsShape, ...facebookFieldsShape, global_id: z.string().check(z.regex(/^[A-Z]{2}\d{4}$/)), result_type: z.literal('alter-user') });
export const deleteUserResultsSchema = z.object({ result_type: z.literal('delete-user') });
