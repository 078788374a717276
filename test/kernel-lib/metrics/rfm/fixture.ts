import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { RfmResult } from '../../../../kernel-lib/src/metrics/rfm/index.js';

/**
 * Five users, last order 2020-01-10 (so the default as-of day is 2020-01-11), all in UTC:
 * u1 3 orders on 2 days (100 + 50 + 30), u2 one big recent order, u3 two small ones, u4 an order and a
 * refund of 5 the same day, u5 one old big order.
 */
export function fiveUsers(): ColumnTable {
  return aq.from([
    { user_id: 'u1', ts: '2020-01-01T10:00:00Z', amount: 100 },
    { user_id: 'u1', ts: '2020-01-05T09:00:00Z', amount: 50 },
    { user_id: 'u1', ts: '2020-01-05T18:00:00Z', amount: 30 },
    { user_id: 'u2', ts: '2020-01-10T12:00:00Z', amount: 200 },
    { user_id: 'u3', ts: '2020-01-02T08:00:00Z', amount: 10 },
    { user_id: 'u3', ts: '2020-01-03T08:00:00Z', amount: 10 },
    { user_id: 'u4', ts: '2020-01-09T08:00:00Z', amount: 20 },
    { user_id: 'u4', ts: '2020-01-09T09:00:00Z', amount: -5 },
    { user_id: 'u5', ts: '2019-12-01T08:00:00Z', amount: 400 },
  ]);
}

/** A column of the users table keyed by user id (rows are per user here). */
export function byUser(result: RfmResult, column: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of result.users.objects() as Record<string, unknown>[])
    out[row.user_id as string] = row[column];
  return out;
}
