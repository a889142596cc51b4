import type * as z from 'zod/mini';
import type { SessionItem } from '../entities/session.js';
import type { UserItem } from '../entities/user.js';
import { answersGenderWords, type ApiVersion } from './api-version.js';
import type { facebookFieldsSchema, userFieldsSchema, userInfoSchema } from './response-schemas.js';

/** The documented shapes (./response-schemas.ts): these functions cannot drift from the OpenAPI document. */
export type UserFields = z.output<typeof userFieldsSchema>;
export type UserInfo = z.output<typeof userInfoSchema>;
export type FacebookFields = z.output<typeof facebookFieldsSchema>;
import { now as clockNow } from '../clock.js';

/** `/auth` bodies carry UTC date-times as `YYYY-MM-DD HH:MM:SS` (docs/api.md, Sessions). */
export function spaazaDateTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** The stored gender word as the client's API version knows it: before 1.4.10 only M, F and O. */
function genderForVersion(stored: string | null, version: ApiVersion): string | null {
  if (stored === null) return null;
  if (answersGenderWords(version)) return stored;
  if (stored === 'male') return 'M';
  if (stored === 'female') return 'F';
  return 'O';
}

/** The user fields get-login-status answers (seed 004), in the seed's order. */
export function userFields(user: UserItem, version: ApiVersion): UserFields {
  return {
    id: user.userId,
    user_id: user.userId,
    first_name: user.firstName,
    last_name: user.lastName,
    gender: genderForVersion(user.gender, version) as UserFields['gender'], // M/F/O or a stored word of the vocabulary
    birthday: user.birthday,
    username: user.username,
    mailing_list: {
      mailing_list_sub_offered: user.mailingListSubOffered,
      mailing_list_subscribed: user.mailingListSubscribed,
      printed_mailing_list_subscribed: user.printedMailingListSubscribed,
    },
    entity_code: { type: user.entityCode.type, code: user.entityCode.code },
  };
}

/** `user_info` of add-user and login: the same fields plus `global_id`. */
export function userInfo(user: UserItem, version: ApiVersion): UserInfo {
  return { ...userFields(user, version), global_id: user.globalId };
}

/** The seed's extension for a session signed in with Facebook; empty for other sessions. */
export function facebookFields(session: SessionItem, now = clockNow()): FacebookFields {
  const facebook = session.facebook;
  if (session.authMethod !== 'facebook' || !facebook) return {};
  const expiresAt = facebook.accessTokenExpiresAt;
  return {
    user_facebook_id: facebook.facebookId,
    user_facebook_access_token: facebook.accessToken,
    user_facebook_access_token_expires:
      expiresAt === null ? null : Math.max(0, Math.floor((Date.parse(expiresAt) - now.getTime()) / 1000)),
    user_facebook_access_token_expires_timestamp_utc: expiresAt === null ? null : spaazaDateTime(expiresAt),
  };
}
