import assert from 'node:assert/strict';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { quoteIdentifier } from '../../../kernel-lib/src/sql/quote.js';

/** A value and a name that would break SQL if spliced into it. */
const hostile = `x'; DROP TABLE t; -- \\ " \` /* */ 中文`;

/** Values bound and identifiers quoted on each engine; see {@link bindsAndQuotes}. */
export function bindsAndQuotes(names: readonly string[], engines: Record<string, SqlEngine>): void {
  for (const name of names) {
    it(`${name} binds hostile values as values, never SQL`, async () => {
      const rows = await engines[name].query<{ s: string; n: number; a: number[] }>({
        sql: 'SELECT {s:String} AS s, {n:Float64} * 2 AS n, {a:Array(Float64)} AS a',
        params: { s: hostile, n: 1.5, a: [1, 2.5] },
      });
      assert.deepEqual(rows, [{ s: hostile, n: 3, a: [1, 2.5] }]);
    });
    it(`${name} quotes hostile identifiers`, async () => {
      const e = engines[name];
      const col = quoteIdentifier('amount"; DROP TABLE x; --`', e.dialect);
      const rows = await e.query<Record<string, number>>({ sql: `SELECT 1 AS ${col}`, params: {} });
      assert.deepEqual(Object.values(rows[0]), [1]);
      assert.deepEqual(Object.keys(rows[0]), ['amount"; DROP TABLE x; --`']);
    });
  }
}
