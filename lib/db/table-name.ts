import { config } from '../config.js';

/** The table name (TABLE_NAME), required by every function that touches DynamoDB; only lib/db and lib/entities use it. */
export function tableName(): string {
  const name = config().TABLE_NAME;
  if (!name) throw new Error('Invalid configuration: TABLE_NAME is required');
  return name;
}
