import type { ConnectionItem } from '../entities/connection.js';
import { SignetError } from '../errors.js';

/** `XX1234`: two upper-case letters and four digits (docs/api.md). */
export const globalIdPattern = /^[A-Z]{2}\d{4}$/;

export function isGlobalId(value: string): boolean {
  return globalIdPattern.test(value);
}

/** The format every globalId answer names, so a caller who sent a user_id or a lower-case id sees what to send. */
export const globalIdFormat = 'a globalId is two upper-case letters and four digits, e.g. AB1234: the global_id of add-user, login or get-login-status, not the numeric user_id';

/**
 * One answer whether the user does not exist, never connected, or was disconnected
 * (docs/api.md, status sync); a value that cannot be a globalId says so.
 */
export function noActiveConnection(globalId?: string): SignetError {
  if (globalId !== undefined && !isGlobalId(globalId)) return new SignetError('notFound', `No such user: ${globalIdFormat}`);
  return new SignetError('notFound', `No active connection between that user and this application (${globalIdFormat})`);
}

export function requireActiveConnection(connection: ConnectionItem | undefined): ConnectionItem {
  if (!connection || connection.isActive !== true) throw noActiveConnection();
  return connection;
}
