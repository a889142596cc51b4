import type { TableKey } from '../db/table-key.js';
import type { TransactItem } from '../db/operations.js';

/** One item of each transaction is the idempotency guard (lib/db/operations.ts transact). */
const maxItems = 99;

/**
 * The essential writes plus as many session deletions as fit in one transaction; the
 * rest (only with dozens of stale sessions) are deleted right after, as login does.
 */
export function changeCapped(essential: TransactItem[], sessionEnds: TransactItem[]): { items: TransactItem[]; leftover: TableKey[] } {
  const room = maxItems - essential.length;
  const rest = sessionEnds.slice(room);
  return {
    items: [...essential, ...sessionEnds.slice(0, room)],
    leftover: rest.flatMap((item) => (item.Delete ? [item.Delete.Key as TableKey] : [])),
  };
}
