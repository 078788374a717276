import type { SqlSource } from '../engine.js';

/*
 * The sources and column names of a user history in SQL (users, events, orders, payouts, balances):
 * shared by churnSql and the lifecycle-stage queries, apart from both so neither imports the other.
 */

/**
 * The tables a churn rule or the lifecycle stages read: users (who exists, since when), their events and
 * orders, and for the dormancy signals their payouts and balances.
 */
export interface ChurnSources {
  users: SqlSource;
  events?: SqlSource;
  orders?: SqlSource;
  payouts?: SqlSource;
  balances?: SqlSource;
}

/** Where the canonical columns are in each source, when its names differ. */
export interface ChurnColumns {
  /** @default { userId: 'user_id', registeredAt: 'registered_at', verifiedAt: 'verified_at', cardBoundAt: 'card_bound_at', channel: 'channel' } */
  users?: {
    userId?: string;
    registeredAt?: string;
    verifiedAt?: string;
    cardBoundAt?: string;
    channel?: string;
  };
  /** @default { userId: 'user_id', ts: 'ts', event: 'event' } */
  events?: { userId?: string; ts?: string; event?: string };
  /** @default { userId: 'user_id', ts: 'ts', termDays: 'term_days' } */
  orders?: { userId?: string; ts?: string; termDays?: string };
  /** @default { userId: 'user_id', ts: 'ts' } */
  payouts?: { userId?: string; ts?: string };
  /** @default { userId: 'user_id', date: 'date', balance: 'balance' } */
  balances?: { userId?: string; date?: string; balance?: string };
}
