import type { ConnectionItem } from '../entities/connection.js';
import { SignetError } from '../errors.js';

/** `XX1234`: two upper-case letters and four digits (API.md §1). */
export const globalIdPattern = /^[A-Z]{2}\d{4}$/;

export function isGlobalId(value: string): boolean {
  return globalIdPattern.test(value);
}

/** One answer whether the user does not exist, never connected, or was disconnected (API.md §5). */
export function noActiveConnection(): SignetError {
  return new SignetError('notFound', 'No active connection between that user and this application');
}

export function requireActiveConnection(connection: ConnectionItem | undefined): ConnectionItem {
  if (!connection || connection.isActive !== true) throw noActiveConnection();
  return connection;
}
