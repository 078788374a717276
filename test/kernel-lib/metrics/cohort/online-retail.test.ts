import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as aq from 'arquero';
import { DuckDBInstance } from '@duckdb/node-api';
import { load } from '../../../../kernel-lib/src/io/load.js';
import { cohortMatrix } from '../../../../kernel-lib/src/metrics/cohort/cohort.js';

const FILE = resolve(__dirname, '../../../../datasets/online-retail/online_retail.csv.gz');

describe('cohortMatrix against a DuckDB oracle on the real Online Retail data', function () {
  this.timeout(120_000);

  it('agrees cell by cell on monthly cohorts of customers with an id (cancellations dropped)', async () => {
    // kernel-lib: load() with the customer as user and InvoiceDate in UK time; lines without a customer get no
    // user code and are left out by cohortMatrix itself.
    const lines = await load(FILE, {
      table: 'events',
      timeZone: 'Europe/London',
      columns: { userId: 'CustomerID', ts: 'InvoiceDate' },
    });
    const kept = lines
      .filter((d: { InvoiceNo: string }) => !aq.op.startswith(d.InvoiceNo, 'C'))
      .derive({ amount: (d: { Quantity: number; UnitPrice: number }) => d.Quantity * d.UnitPrice });
    const got = cohortMatrix(kept, { timeZone: 'Europe/London', amount: 'amount' });
    assert.equal(got.asOf, '2011-12-09');

    // DuckDB: the same definition in SQL over the same file (InvoiceDate is UK local time already).
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const db = await instance.connect();
    try {
      const reader = await db.runAndReadAll(`
        WITH l AS (
          SELECT CustomerID AS user_id, date_trunc('month', InvoiceDate) AS m, Quantity * UnitPrice AS amount
          FROM read_csv('${FILE}', header = true, columns = {
            'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Description': 'VARCHAR', 'Quantity': 'DOUBLE',
            'InvoiceDate': 'TIMESTAMP', 'UnitPrice': 'DOUBLE', 'CustomerID': 'VARCHAR', 'Country': 'VARCHAR'})
          WHERE CustomerID IS NOT NULL AND NOT starts_with(InvoiceNo, 'C')),
        f AS (SELECT user_id, min(m) AS c FROM l GROUP BY user_id),
        sz AS (SELECT c, count(*) AS n FROM f GROUP BY c)
        SELECT strftime(f.c, '%Y-%m') AS cohort, date_diff('month', f.c, l.m) AS k, any_value(sz.n) AS n,
               count(DISTINCT l.user_id) AS active, sum(l.amount) AS revenue
        FROM l JOIN f USING (user_id) JOIN sz ON sz.c = f.c GROUP BY f.c, l.m ORDER BY f.c, l.m`);
      const expected = new Map(
        reader.getRowObjectsJS().map((r): [string, typeof r] => [`${r.cohort}/${Number(r.k)}`, r]),
      );
      const cells = got.cells.objects() as Record<string, unknown>[];
      assert.equal(cells.length, (13 * 14) / 2); // 13 monthly cohorts, 2010-12 … 2011-12
      let compared = 0;
      for (const c of cells) {
        const e = expected.get(`${c.cohort}/${c.offset}`)!;
        const [year, month] = String(c.cohort).split('-').map(Number);
        const activeMonth = year * 12 + month - 1 + (c.offset as number);
        // As of 2011-12-09 December 2011 is not over: its cells are marked, not compared.
        assert.equal(c.complete, activeMonth < 2011 * 12 + 11, `${c.cohort} +${c.offset}`);
        assert.equal(c.cohort_size, Number(e.n));
        if (!c.complete) continue;
        assert.equal(c.active, Number(e.active), `${c.cohort} +${c.offset}`);
        assert.ok(Math.abs((c.revenue as number) - Number(e.revenue)) < 1e-6 * Math.abs(Number(e.revenue)));
        compared++;
      }
      assert.equal(compared, (12 * 13) / 2);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
