import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { timestampsOf, stringsOf } from '../../kernel-lib/src/index.js';
import { loadOnlineRetail, resolveRules, type OnlineRetail } from '../../datasets/src/online-retail.js';
import { ROOT, tempDir } from './support.js';

const FILE = join(ROOT, 'datasets/online-retail/online_retail.csv.gz');

/** Independent figures straight from the file, in DuckDB (exact decimals). */
async function oracle(): Promise<Record<string, bigint>> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(`
    WITH t AS (
      SELECT InvoiceNo LIKE 'C%' AS cancelled, CustomerID IS NULL AS missing,
             CAST(UnitPrice AS DECIMAL(18,3)) AS price, Quantity AS q
      FROM read_csv('${FILE}', header = true,
        types = {'InvoiceNo': 'VARCHAR', 'UnitPrice': 'VARCHAR', 'CustomerID': 'VARCHAR', 'Quantity': 'BIGINT'}))
    SELECT count(*) AS lines,
      count(*) FILTER (WHERE cancelled) AS cancellations,
      count(*) FILTER (WHERE missing) AS missing,
      count(*) FILTER (WHERE price <= 0) AS nonpositive_price,
      count(*) FILTER (WHERE NOT cancelled AND q <= 0) AS nonpositive_quantity,
      count(*) FILTER (WHERE NOT cancelled AND price <= 0) AS dropped_price,
      count(*) FILTER (WHERE NOT cancelled AND price > 0 AND q <= 0) AS dropped_quantity,
      count(*) FILTER (WHERE NOT cancelled AND price > 0 AND q > 0 AND missing) AS dropped_missing,
      count(*) FILTER (WHERE NOT cancelled AND NOT missing AND price > 0 AND q > 0) AS kept_default,
      CAST(sum(q * price * 1000) AS BIGINT) AS total_all,
      CAST(sum(q * price * 1000) FILTER (WHERE NOT cancelled AND NOT missing AND price > 0 AND q > 0) AS BIGINT) AS total_default
    FROM t`);
  return r.getRowObjects()[0] as Record<string, bigint>;
}

describe('datasets/online-retail: loadOnlineRetail', function () {
  this.timeout(120_000);
  let expected: Record<string, bigint>;
  let defaults: OnlineRetail;
  before(async () => {
    expected = await oracle();
    defaults = await loadOnlineRetail(FILE);
  });

  it('reads all 541,909 lines in one load() call', () => {
    assert.equal(expected.lines, 541909n);
    assert.equal(defaults.report.rowsRead, 541909);
  });

  it('by default drops cancellations, then non-positive prices and quantities, then lines without customer', () => {
    assert.deepEqual(defaults.rules, {
      cancellations: 'drop',
      missingCustomer: 'drop',
      nonPositivePrice: 'drop',
      nonPositiveQuantity: 'drop',
      timeZone: 'Europe/London',
    });
    const r = defaults.report;
    assert.deepEqual(
      r.dropped.map((d) => [d.reason, BigInt(d.rows)]),
      [
        ['cancellations (InvoiceNo starts with C)', expected.cancellations],
        ['unit price ≤ 0', expected.dropped_price],
        ['quantity ≤ 0 (not cancellations)', expected.dropped_quantity],
        ['missing user id (missingUsers: "drop")', expected.dropped_missing],
      ],
    );
    assert.deepEqual(
      r.dropped.map((d) => d.rows),
      [9288, 2517, 0, 132220],
    );
    assert.equal(BigInt(r.rowsKept), expected.kept_default);
    assert.equal(r.rowsKept, 397884);
    assert.equal(defaults.orders.numRows(), r.rowsKept);
    assert.deepEqual(r.derived, ['amount = Quantity × UnitPrice, exact to the millionth']);
  });

  it('sums amounts exactly (to the tenth of a penny) as DuckDB does with decimals', () => {
    assert.equal(BigInt(defaults.totalMilliPounds), expected.total_default);
    let sum = 0;
    for (const a of defaults.orders.array('amount') as Float64Array) sum += Math.round(a * 1000);
    assert.equal(sum, defaults.totalMilliPounds);
  });

  it('maps onto canonical orders: ids normalised, times in Europe/London', () => {
    const o = defaults.orders;
    assert.deepEqual(o.columnNames(), [
      'order_id',
      'product_id',
      'description',
      'quantity',
      'ts',
      'unit_price',
      'user_id',
      'country',
      'amount',
    ]);
    const first = o.object(0) as Record<string, unknown>;
    assert.equal(first.order_id, '536365');
    assert.equal(first.user_id, '17850');
    assert.equal(first.product_id, '85123A');
    assert.equal(first.amount, 15.3);
    // 2010-12-01 08:26 in London is GMT; 2011-06-01 is BST (UTC+1).
    assert.equal(timestampsOf(o, 'ts')[0], Date.UTC(2010, 11, 1, 8, 26));
    const ts = timestampsOf(o, 'ts');
    const inv = stringsOf(o, 'order_id');
    const k = inv.indexOf('555200');
    assert.ok(k >= 0);
    assert.equal(new Date(ts[k]).toISOString(), '2011-06-01T11:05:00.000Z'); // 12:05 local (BST)
    assert.ok(!stringsOf(o, 'user_id').some((u) => u === null || u.includes('.')));
  });

  it('keeps everything when told: cancellations negative, unknown customers, non-positive lines', async () => {
    const all = await loadOnlineRetail(FILE, {
      cancellations: 'negative',
      missingCustomer: 'unknown',
      nonPositivePrice: 'keep',
      nonPositiveQuantity: 'keep',
    });
    assert.equal(all.report.rowsKept, 541909);
    assert.deepEqual(all.report.dropped, []);
    assert.equal(BigInt(all.report.missingUsers!), expected.missing);
    assert.equal(BigInt(all.totalMilliPounds), expected.total_all);
    const users = stringsOf(all.orders, 'user_id');
    assert.equal(users.filter((u) => u === 'unknown').length, 135080);
    const amounts = all.orders.array('amount') as Float64Array;
    const ids = stringsOf(all.orders, 'order_id');
    assert.ok(ids.every((id, i) => !id!.startsWith('C') || amounts[i] <= 0));
  });

  it('refuses unknown options and values, naming them', () => {
    assert.throws(
      () => resolveRules({ cancellations: 'keep' as any }),
      /invalid cancellations: "keep" \(allowed: "drop", "negative"\)/,
    );
    assert.throws(() => resolveRules({ dropEverything: true } as any), /invalid option: "dropEverything"/);
    // Kept cancellations have negative quantities: the quantity rule would drop them all.
    assert.throws(
      () => resolveRules({ cancellations: 'negative' }),
      /invalid nonPositiveQuantity: "drop" \(expected 'keep' with cancellations: 'negative'/,
    );
  });
});

describe('datasets/online-retail: bad input', () => {
  it('names the file, line, column and value of a bad quantity or price; multiplies fractions exactly', async () => {
    const { writeFileSync } = await import('node:fs');
    const t = tempDir('retail');
    try {
      const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
      const good = '536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n';
      const file = join(t.dir, 'bad.csv');
      writeFileSync(
        file,
        header + good + '536366,22633,HAND WARMER,1.5.1,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n',
      );
      await assert.rejects(loadOnlineRetail(file), /bad\.csv.*line 3.*Quantity.*1\.5\.1/s);
      writeFileSync(
        file,
        header + good + '536366,22633,HAND WARMER,1.5,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n',
      );
      assert.equal((await loadOnlineRetail(file)).totalMilliPounds, 15300 + 2775);
      writeFileSync(
        file,
        header + good + '536367,84879,BIRD,32,2010-12-01 08:34:00,1.6.9,13047.0,United Kingdom\n',
      );
      await assert.rejects(loadOnlineRetail(file), /bad\.csv.*line 3.*UnitPrice.*1\.6\.9/s);
      writeFileSync(file, header + good);
      const ok = await loadOnlineRetail(file);
      assert.equal(ok.report.rowsKept, 1);
      assert.equal(ok.totalMilliPounds, 15300);
    } finally {
      t.remove();
    }
  });
});
