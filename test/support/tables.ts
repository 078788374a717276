import * as aq from 'arquero';

/**
 * Rows of a result table as plain objects with the named columns only, so an assertion reads the few
 * columns it is about.
 * @example assert.deepEqual(pick(r.table, 'period', 'active'), [{ period: '2024-01-01', active: 1 }])
 */
export function pick(table: aq.ColumnTable, ...names: string[]): Record<string, unknown>[] {
  return (table.objects() as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(names.map((n) => [n, r[n]])),
  );
}

/**
 * A users table (`user_id`, `registered_at`) from each user's sign-up time, in the order given.
 * @example signups({ a: '2024-01-01T08:00:00Z', b: '2024-01-02' })
 */
export function signups(registeredAt: Record<string, string>): aq.ColumnTable {
  return aq.from(
    Object.entries(registeredAt).map(([user_id, registered_at]) => ({ user_id, registered_at })),
  );
}
