/**
 * The canonical tables of Fupan (DESIGN.md, "Canonical tables"): column names (snake_case in data),
 * their types and which are required. A user's export is mapped onto one of these once, at load.
 */

/** Types a column can be loaded as (the `types` option of `load()`). */
export const COLUMN_TYPES = ['string', 'number', 'timestamp', 'date', 'boolean', 'category'] as const;
/** A column type a user can force: see {@link COLUMN_TYPES}. */
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * How a canonical column is stored: the user-facing types plus `id`, a user id encoded into the
 * load's shared {@link Dictionary} (so several tables share codes).
 */
export type CanonicalType = ColumnType | 'id';

/** One column of a canonical table. */
export interface CanonicalColumn {
  /** snake_case name in data. */
  readonly name: string;
  readonly type: CanonicalType;
  /** Whether `load()` refuses a file without it. */
  readonly required: boolean;
}

/** Names of the canonical tables (the `table` option of `load()`). */
export const CANONICAL_TABLES = [
  'users',
  'events',
  'orders',
  'payouts',
  'balances',
  'coupons',
  'costs',
  'invites',
] as const;
/** A canonical table name, see {@link CANONICAL_TABLES}. */
export type CanonicalTableName = (typeof CANONICAL_TABLES)[number];

const req = (name: string, type: CanonicalType): CanonicalColumn => ({ name, type, required: true });
const opt = (name: string, type: CanonicalType): CanonicalColumn => ({ name, type, required: false });

/** The canonical schemas, by table. */
export const CANONICAL_SCHEMAS: Readonly<Record<CanonicalTableName, readonly CanonicalColumn[]>> = {
  users: [
    req('user_id', 'id'),
    opt('registered_at', 'timestamp'),
    opt('channel', 'category'),
    opt('channel_code', 'category'),
    opt('promoter', 'category'),
    opt('department', 'category'),
    opt('platform', 'category'),
    opt('verified_at', 'timestamp'),
    opt('card_bound_at', 'timestamp'),
    opt('invited_by', 'id'),
  ],
  events: [
    req('user_id', 'id'),
    req('ts', 'timestamp'),
    opt('event', 'category'),
    opt('platform', 'category'),
    opt('properties', 'string'),
  ],
  orders: [
    opt('order_id', 'string'),
    req('user_id', 'id'),
    req('ts', 'timestamp'),
    req('amount', 'number'),
    opt('product_id', 'category'),
    opt('term_days', 'number'),
    opt('product_type', 'category'),
    opt('coupon_id', 'string'),
  ],
  payouts: [req('user_id', 'id'), req('ts', 'timestamp'), req('amount', 'number')],
  balances: [req('user_id', 'id'), req('date', 'date'), req('balance', 'number')],
  coupons: [
    opt('coupon_id', 'string'),
    req('user_id', 'id'),
    opt('campaign_id', 'category'),
    opt('granted_at', 'timestamp'),
    opt('threshold', 'number'),
    opt('reward', 'number'),
    opt('expires_at', 'timestamp'),
    opt('redeemed_at', 'timestamp'),
    opt('order_id', 'string'),
    opt('holdout', 'boolean'),
  ],
  costs: [req('channel', 'category'), req('period', 'category'), req('cost', 'number')],
  invites: [
    req('inviter_id', 'id'),
    req('invitee_id', 'id'),
    opt('sent_at', 'timestamp'),
    opt('converted_at', 'timestamp'),
  ],
};

/** `userId` → `user_id` (option names are camelCase, data columns snake_case). */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** `user_id` → `userId`. */
export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The canonical column of `table` named `name` (snake_case), if any. */
export function canonicalColumn(table: CanonicalTableName, name: string): CanonicalColumn | undefined {
  return CANONICAL_SCHEMAS[table].find((c) => c.name === name);
}

/**
 * The stored type of a column named `name` when no table is given: user ids are always ids
 * (so `load()` without `table` still encodes them), everything else is inferred.
 */
export function implicitType(name: string): CanonicalType | undefined {
  return name === 'user_id' || name === 'inviter_id' || name === 'invitee_id' || name === 'invited_by'
    ? 'id'
    : undefined;
}
