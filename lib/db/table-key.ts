/**
 * The shapes of a key in the single table. Every key builder lives with its entity
 * (lib/entities/<kind>.ts, docs/table-design.md); nothing else writes a `pk`/`sk` string.
 */
export interface TableKey {
  pk: string;
  sk: string;
}

/** A partition plus a sort-key prefix, for `begins_with` queries. */
export interface KeyPrefix {
  pk: string;
  skPrefix: string;
}

/** A partition plus an inclusive sort-key range, for `BETWEEN` queries. */
export interface KeyRange {
  pk: string;
  skFrom: string;
  skTo: string;
}
