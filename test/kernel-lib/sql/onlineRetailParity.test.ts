import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { ColumnTable } from 'arquero';
import { loadOnlineRetail } from '../../../datasets/src/online-retail.js';
import { codesOf, numbersOf, timestampsOf, stringsOf } from '../../../kernel-lib/src/table/access.js';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import { cohortMatrix } from '../../../kernel-lib/src/metrics/cohort/cohortMatrix.js';
import { retention } from '../../../kernel-lib/src/metrics/retention/retention.js';
import { rfmSql } from '../../../kernel-lib/src/sql/metrics/rfm.js';
import { cohortMatrixSql } from '../../../kernel-lib/src/sql/metrics/cohort.js';
import { retentionSql } from '../../../kernel-lib/src/sql/metrics/retention.js';
import { assertRowsClose, asTable, type OrderRow } from './parityData.js';
import { parityEngines, type ParityEngines } from './parityEngines.js';

const DATA = resolve(__dirname, '../../../datasets/online-retail/online_retail.csv.gz');
const rowsOf = (t: ColumnTable) => t.objects() as Record<string, unknown>[];

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
  let run: ParityEngines;
  before(async () => {
    rows = await retailRows();
    memory = asTable(rows);
    run = await parityEngines(rows, undefined, 'retail');
  });
  after(async () => run?.stop());

  it('RFM per customer (quantile scores, and Pareto 80/20 per country)', async () => {
    assert.ok(rows.length > 390_000);
    for (const spec of [
      { timeZone: 'Europe/London' },
      { groupBy: 'line', scoring: { method: 'pareto' as const } },
    ]) {
      const sortKey = (r: Record<string, unknown>) => `${r.line ?? ''}\u0000${r.user_id}`;
      const sorted = (t: ColumnTable) =>
        rowsOf(t).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
      const expected = sorted(rfm(memory, spec).users);
      for (const { name, engine, source } of run.engines) {
        assertRowsClose(
          sorted((await rfmSql(engine, source, spec)).users),
          expected,
          `${name} ${JSON.stringify(spec)}`,
        );
      }
    }
  });

  it('monthly cohort matrix with revenue and LTV', async () => {
    const spec = { period: 'month' as const, amount: 'amount', timeZone: 'Europe/London' };
    const expected = rowsOf(cohortMatrix(memory, spec).cells);
    for (const { name, engine, source } of run.engines) {
      assertRowsClose(rowsOf((await cohortMatrixSql(engine, source, spec)).cells), expected, name);
    }
  });

  it('monthly retention of first purchases, on or after each month', async () => {
    const spec = {
      period: 'month' as const,
      periods: 6,
      mode: 'onOrAfter' as const,
      timeZone: 'Europe/London',
    };
    const expected = retention(memory, spec);
    for (const { name, engine, source } of run.engines) {
      const actual = await retentionSql(engine, source, spec);
      assertRowsClose(rowsOf(actual.cells), rowsOf(expected.cells), `${name} cells`);
      assertRowsClose(rowsOf(actual.total), rowsOf(expected.total), `${name} total`);
    }
  });
});
