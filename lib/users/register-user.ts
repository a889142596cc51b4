import type { UserItem } from '../entities/user.js';
import { createUser } from './create-user.js';
import { hashPassword } from './password.js';

export interface Registration {
  username: string;
  password: string;
  firstName: string | null;
  lastName: string | null;
  gender: string | null;
  birthday: string | null;
  mailingListSubscribed: boolean;
  printedMailingListSubscribed: boolean;
}

/** POST /auth/add-user: a password account; the username is claimed atomically (409 when taken). */
export async function registerUser(registration: Registration): Promise<UserItem> {
  const { password, ...profile } = registration;
  return createUser({
    ...profile,
    passwordHash: await hashPassword(password),
    mailingListSubOffered: false,
    facebookId: null,
  });
}
