import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { DictionaryColumn, TimestampColumn } from '../../kernel-lib/src/table/columns.js';

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

/**
 * Asserts that two loaded tables hold the same columns: names, row count, codes and dictionary values,
 * UTC ms, numbers and values (a file read on two threads against one pass).
 * @example assertSameTables(oneThread, twoThreads)
 */
export function assertSameTables(a: aq.ColumnTable, b: aq.ColumnTable): void {
  assert.deepEqual(b.columnNames(), a.columnNames());
  assert.equal(b.numRows(), a.numRows());
  for (const name of a.columnNames()) {
    const x = a.column(name) as unknown;
    const y = b.column(name) as unknown;
    if (x instanceof DictionaryColumn) {
      assert.ok(y instanceof DictionaryColumn, name);
      assert.deepEqual(y.codes, x.codes, name);
      assert.deepEqual(y.dictionary.values, x.dictionary.values, name);
    } else if (x instanceof TimestampColumn) {
      assert.ok(y instanceof TimestampColumn, name);
      assert.deepEqual(y.ms, x.ms, name);
    } else assert.deepEqual(y, x, name);
  }
}
