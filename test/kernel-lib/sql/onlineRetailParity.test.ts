import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { ColumnTable } from 'arquero';
import { loadOnlineRetail } from '../../../datasets/src/online-retail.js';
import { codesOf, numbersOf, timestampsOf, stringsOf } from '../../../kernel-lib/src/table/access.js';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import { cohortMatrix } from '../../../kernel-lib/src/metrics/cohort/cohort.js';
import { retention } from '../../../kernel-lib/src/metrics/retention/retention.js';
import { rfmSql } from '../../../kernel-lib/src/sql/metrics/rfm.js';
import { cohortMatrixSql } from '../../../kernel-lib/src/sql/metrics/cohort.js';
import { retentionSql } from '../../../kernel-lib/src/sql/metrics/retention.js';
import { assertRowsClose, asTable, rowsOf, type OrderRow } from './parityData.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

const DATA = resolve(__dirname, '../../../datasets/online-retail/online_retail.csv.gz');

/** The cleaned Online Retail lines as parity rows (country as the group column). */
async function retailRows(): Promise<OrderRow[]> {
  const { orders } = await loadOnlineRetail(DATA);
  const users = codesOf(orders, 'user_id');
  const ts = timestampsOf(orders, 'ts');
  const amount = numbersOf(orders, 'amount');
  const country = stringsOf(orders, 'country');
  return Array.from({ length: ts.length }, (_, i) => ({
    user_id: users.dictionary.decode(users.codes[i]),
    ts: ts[i],
    amount: amount[i],
    line: country[i] ?? '',
  }));
}

describe('SQL engines on the real Online Retail data: the same answers as in memory', function () {
  this.timeout(300_000);
  let rows: OrderRow[];
  let memory: ColumnTable;
  const run = engineHooks(async () => {
    rows = await retailRows();
    memory = asTable(rows);
    return parityEngines(rows, undefined, 'retail');
  });

  it('RFM per customer (quantile scores, and Pareto 80/20 per country)', async () => {
    assert.ok(rows.length > 390_000);
    for (const spec of [
      { timeZone: 'Europe/London' },
      { groupBy: 'line', scoring: { method: 'pareto' as const } },
    ]) {
      const sortKey = (r: Record<string, unknown>) => `${r.line ?? ''}\u0000${r.user_id}`;
      const sorted = (t: ColumnTable) =>
        rowsOf(t).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
      await sameOnEveryEngine(
        run().engines,
        sorted(rfm(memory, spec).users),
        async (e) => sorted((await rfmSql(e.engine, e.source, spec)).users),
        (actual, expected, name) => assertRowsClose(actual, expected, `${name} ${JSON.stringify(spec)}`),
      );
    }
  });

  it('monthly cohort matrix with revenue and LTV', async () => {
    const spec = { period: 'month' as const, amount: 'amount', timeZone: 'Europe/London' };
    await sameOnEveryEngine(
      run().engines,
      cohortMatrix(memory, spec),
      (e) => cohortMatrixSql(e.engine, e.source, spec),
      partsClose('asOf', 'cells'),
    );
  });

  it('monthly retention of first purchases, on or after each month', async () => {
    const spec = {
      period: 'month' as const,
      periods: 6,
      mode: 'onOrAfter' as const,
      timeZone: 'Europe/London',
    };
    await sameOnEveryEngine(
      run().engines,
      retention(memory, spec),
      (e) => retentionSql(e.engine, e.source, spec),
      partsClose('asOf', 'cells', 'total'),
    );
  });

  it("monthly retention by country (of each customer's first invoice)", async () => {
    const spec = {
      period: 'month' as const,
      periods: 3,
      mode: 'onOrAfter' as const,
      timeZone: 'Europe/London',
      breakdown: 'line',
    };
    const expected = retention(memory, spec);
    assert.ok(new Set(rowsOf(expected.total).map((r) => r.line)).size > 20, 'many countries');
    await sameOnEveryEngine(
      run().engines,
      expected,
      (e) => retentionSql(e.engine, e.source, spec),
      partsClose('asOf', 'cells', 'total'),
    );
  });
});
