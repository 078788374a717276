import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { InputError, SpecError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import { exactProduct } from '../../../kernel-lib/src/io/rows/product.js';
import { formatLoadReport, loadReport } from '../../../kernel-lib/src/io/rows/report.js';
import { loadReportTable } from '../../../kernel-lib/src/present/loadReportTable.js';
import { toMicros } from '../../../kernel-lib/src/math/money.js';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import { DictionaryColumn } from '../../../kernel-lib/src/table/columns.js';
import { numbersOf, stringsOf } from '../../../kernel-lib/src/table/access.js';

const LINES = [
  'InvoiceNo,Quantity,UnitPrice,CustomerID,InvoiceDate',
  '536365,6,2.55,17850.0,2010-12-01 08:26',
  'C536379,-1,27.50,14527.0,2010-12-01 09:41',
  '536366,3,0.1,,2010-12-01 10:00',
  '536367,0,1.25,13047.0,2010-12-01 11:00',
  '536368,10,0.29, ,2010-12-01 12:00',
  '536369,3,0.7,12583.0,2010-12-01 13:00',
].join('\n');

const ORDERS = {
  table: 'orders',
  columns: { orderId: 'InvoiceNo', userId: 'CustomerID', ts: 'InvoiceDate' },
  amount: { product: ['Quantity', 'UnitPrice'] },
} as const;

describe('io/load: whitespace-only user ids are missing (issue 21 item 7)', () => {
  for (const [label, blank] of [
    ['a space', ' '],
    ['a tab', '\t'],
    ['U+3000', '\u3000'],
    ['U+FEFF', '\ufeff'],
    ['spaces and a no-break space', '  \u00a0 '],
  ]) {
    it(`${label} in a CSV is a missing id (code -1), never a user ""`, async () => {
      const t = await load(`user_id,ts,amount\n"${blank}",2016-10-01,1\nu1,2016-10-02,2\n`, {
        table: 'orders',
      });
      const ids = t.column('user_id') as unknown as DictionaryColumn;
      assert.equal(ids.codes[0], -1);
      assert.deepEqual(ids.dictionary.values, ['u1']);
      assert.equal(loadReport(t)?.missingUsers, 1);
    });
  }

  it('in records too', async () => {
    const t = await load(
      [
        { user_id: '\u3000', ts: '2016-10-01', amount: 1 },
        { user_id: 'u1', ts: '2016-10-02', amount: 2 },
      ],
      { table: 'orders' },
    );
    assert.deepEqual(stringsOf(t, 'user_id'), [null, 'u1']);
  });

  it('slip past no metric: rfm refuses them and names the option', async () => {
    const t = await load('user_id,ts,amount\n" ",2016-10-01,1\nu1,2016-10-02,2\n', { table: 'orders' });
    assert.throws(
      () => rfm(t),
      (e: unknown) => e instanceof InputError && /missing user id.*missingUsers: 'drop'/.test(e.message),
    );
  });
});

describe("io/load: missingUsers 'error' | 'drop' and the load report", () => {
  it("by default ('error') keeps rows without a user id as missing and counts them", async () => {
    const t = await load(LINES, ORDERS);
    assert.equal(t.numRows(), 6);
    const r = loadReport(t)!;
    assert.equal(r.rowsRead, 6);
    assert.equal(r.rowsKept, 6);
    assert.deepEqual(r.dropped, []);
    assert.equal(r.missingUsers, 2); // the empty and the " " CustomerID
  });

  it("'drop' drops them and says how many and why, with examples", async () => {
    const t = await load(LINES, { ...ORDERS, missingUsers: 'drop' });
    assert.equal(t.numRows(), 4);
    assert.deepEqual(stringsOf(t, 'user_id'), ['17850', '14527', '13047', '12583']);
    const r = loadReport(t)!;
    assert.deepEqual(r.dropped, [
      {
        reason: 'missing user id (missingUsers: "drop")',
        rows: 2,
        examples: [
          { row: 3, value: null },
          { row: 5, value: null },
        ],
      },
    ]);
    assert.equal(r.rowsKept, 4);
    assert.equal(r.missingUsers, undefined);
    assert.match(
      formatLoadReport(r),
      /text: 6 rows read\n- 2 dropped: missing user id \(missingUsers: "drop"\)\n- derived: amount = Quantity × UnitPrice, exact to the millionth\n- time zone: UTC \(local days of every metric unless its spec names a timeZone\)\n= 4 rows kept/,
    );
  });

  it('refuses unknown values, and drop without a user_id column', async () => {
    await assert.rejects(
      load(LINES, { ...ORDERS, missingUsers: 'skip' as any }),
      /invalid missingUsers: "skip" \(allowed: "error", "drop"\)/,
    );
    await assert.rejects(
      load('a,b\n1,2\n', { missingUsers: 'drop' }),
      (e: unknown) =>
        e instanceof SpecError &&
        /invalid missingUsers: "drop" \(expected a table with a user_id column/.test(e.message),
    );
  });

  it('every loaded table has a report; a derived table has none', async () => {
    const t = await load('a,b\n1,2\n');
    assert.deepEqual(loadReport(t), {
      source: 'text',
      rowsRead: 1,
      rowsKept: 1,
      dropped: [],
      timeZone: 'UTC',
    });
    assert.equal(loadReport(t.filter(() => true)), undefined);
    assert.equal(loadReport(aq.table({ a: [1] })), undefined);
  });
});

describe('io/load: a derived amount, exact to the millionth', () => {
  it('amount = Quantity × UnitPrice as the exact decimals (6 × 2.55 = 15.3, 10 × 0.29 = 2.9, 3 × 0.7 = 2.1)', async () => {
    const t = await load(LINES, ORDERS);
    const amount = numbersOf(t, 'amount');
    assert.deepEqual(Array.from(amount), [15.3, -27.5, 0.3, 0, 2.9, 2.1]);
    // Plain doubles get three of these wrong in the last digit.
    assert.notEqual(6 * 2.55, 15.3);
    assert.notEqual(3 * 0.1, 0.3);
    assert.notEqual(3 * 0.7, 2.1);
    assert.deepEqual(loadReport(t)!.derived, ['amount = Quantity × UnitPrice, exact to the millionth']);
  });

  it('rounds once to the millionth, halves away from zero, and keeps missing factors missing', () => {
    const p = exactProduct([
      Float64Array.of(3, 1, -1, NaN, 123456789, 0.5),
      Float64Array.of(0.1234565, 0.0000005, 0.0000005, 2, 1.001, 0.0000001),
    ]);
    assert.deepEqual(
      Array.from(p, (x) => (x !== x ? null : toMicros(x))),
      [370370, 1, -1, null, 123580245789000, 0],
    );
  });

  it('equals an exact roll-up in integers on every row of many random prices', () => {
    const q = new Float64Array(10_000);
    const price = new Float64Array(10_000);
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < q.length; i++) {
      q[i] = (next() % 200) - 20;
      price[i] = Number(((next() % 1_000_000) / 1000).toFixed(3)); // up to 3 decimals, as written
    }
    const p = exactProduct([q, price]);
    for (let i = 0; i < q.length; i++) {
      const exactMilli = q[i] * Math.round(price[i] * 1000); // integers: exact
      assert.equal(toMicros(p[i]), exactMilli * 1000, `row ${i}: ${q[i]} × ${price[i]}`);
    }
  });

  it('refuses a contradicting or malformed amount option', async () => {
    await assert.rejects(
      load(LINES, { ...ORDERS, columns: { ...ORDERS.columns, amount: 'UnitPrice' } }),
      /invalid amount: .*either columns\.amount \("UnitPrice"\) or a derived amount, not both/,
    );
    await assert.rejects(load(LINES, { ...ORDERS, amount: { product: ['Quantity'] } }), /invalid amount/);
    await assert.rejects(
      load(LINES, { ...ORDERS, amount: { sum: ['Quantity', 'UnitPrice'] } as any }),
      /invalid amount/,
    );
    await assert.rejects(
      load(LINES, { ...ORDERS, types: { Quantity: 'string' } }),
      /invalid types\.Quantity: "string" \(expected "number"/,
    );
    await assert.rejects(
      load(LINES, { ...ORDERS, amount: { product: ['Quantity', 'Price'] } }),
      /invalid amount\.product: "Price" \(expected a column of the input/,
    );
    await assert.rejects(
      load('amount,Quantity,UnitPrice\n1,2,3\n', { amount: { product: ['Quantity', 'UnitPrice'] } }),
      /already has a column "amount"/,
    );
  });

  it('refuses a factor that is not a number, naming file, line, column and value', async () => {
    await assert.rejects(
      load(LINES.replace('0.29', 'abc'), ORDERS),
      /text, line 6, column "UnitPrice": not a number: "abc"/,
    );
  });
});

describe('io/load: where filters at load', () => {
  const WHERE = [
    { column: 'InvoiceNo', startsWith: 'C', keep: false, label: 'cancellations' },
    { column: 'Quantity', '>': 0 },
  ] as const;

  it('apply in order; each counts the rows it removed (a row under the first filter that removed it)', async () => {
    const t = await load(LINES, { ...ORDERS, where: WHERE, missingUsers: 'drop' });
    assert.deepEqual(stringsOf(t, 'order_id'), ['536365', '536369']);
    const r = loadReport(t)!;
    assert.deepEqual(
      r.dropped.map((d) => [d.reason, d.rows]),
      [
        ['cancellations', 1], // C536379 (its quantity -1 is not counted again below)
        ['keep Quantity > 0', 1], // 536367
        ['missing user id (missingUsers: "drop")', 2],
      ],
    );
    assert.deepEqual(r.dropped[0].examples, [{ row: 2, value: 'C536379' }]);
    assert.deepEqual(r.dropped[0].filter, WHERE[0]);
    assert.equal(r.rowsRead, 6);
    assert.equal(r.rowsKept, 2);
    assert.deepEqual(Array.from(numbersOf(t, 'amount')), [15.3, 2.1]);
  });

  it('name columns by header or loaded name; every predicate', async () => {
    const text =
      'user_id,ts,amount,channel\nu1,2016-10-01,5,app\nu2,2016-10-02,,web\nu3,2016-10-03,-2,app\nu4,2016-10-04,9,ads\n';
    const kept = async (where: object[]) =>
      stringsOf(await load(text, { table: 'orders', where: where as any }), 'user_id');
    assert.deepEqual(await kept([{ column: 'amount', '>=': 5 }]), ['u1', 'u4']);
    assert.deepEqual(await kept([{ column: 'amount', '<': 0, keep: false }]), ['u1', 'u2', 'u4']); // a missing amount is not < 0
    assert.deepEqual(await kept([{ column: 'amount', missing: true, keep: false }]), ['u1', 'u3', 'u4']);
    assert.deepEqual(await kept([{ column: 'channel', equals: 'app' }]), ['u1', 'u3']);
    assert.deepEqual(await kept([{ column: 'channel', in: ['web', 'ads'] }]), ['u2', 'u4']);
    assert.deepEqual(await kept([{ column: 'userId', in: ['u2'], keep: false }]), ['u1', 'u3', 'u4']);
    assert.deepEqual(
      await kept([
        { column: 'amount', '<=': 5 },
        { column: 'amount', '>': -1 },
      ]),
      ['u1'],
    );
  });

  it('are JSON: a filter survives a round trip', async () => {
    const where = JSON.parse(JSON.stringify(WHERE));
    const t = await load(LINES, { ...ORDERS, where });
    assert.equal(loadReport(t)!.dropped.length, 2);
  });

  it('refuse unknown keys, no or two predicates, wrong operand types, unknown columns', async () => {
    const bad = (where: unknown) => load(LINES, { ...ORDERS, where: where as any });
    await assert.rejects(bad({ column: 'Quantity' }), /invalid where: /);
    await assert.rejects(bad([{ column: 'Quantity', gt: 0 }]), /invalid where\[0\] key: "gt"/);
    await assert.rejects(
      bad([{ column: 'Quantity' }]),
      /invalid where\[0\]: .*exactly one of startsWith, equals, in, >, >=, <, <=, missing/,
    );
    await assert.rejects(bad([{ column: 'Quantity', '>': 0, '<': 9 }]), /exactly one of/);
    await assert.rejects(
      bad([{ column: 'Quantity', '>': '0' }]),
      /invalid where\[0\]\.>: "0" \(expected a finite number\)/,
    );
    await assert.rejects(
      bad([
        { column: 'InvoiceNo', startsWith: 'C' },
        { column: 'Qty', '>': 0 },
      ]),
      /invalid where\[1\]\.column: "Qty" \(expected a column of the input/,
    );
    await assert.rejects(
      bad([{ column: 'InvoiceNo', '>': 0 }]),
      /invalid where \(keep InvoiceNo > 0\): "InvoiceNo" \(expected a number column \(order_id is text\)\)/,
    );
    await assert.rejects(bad([{ column: 'Quantity', '>': 0, keep: 'no' }]), /invalid where\[0\]\.keep/);
  });
});

describe('present/loadReportTable: a load report for display()', () => {
  it('lists rows read, each drop with its reason (negative) and rows kept, with notes', async () => {
    const t = await load(LINES, {
      ...ORDERS,
      where: [{ column: 'InvoiceNo', startsWith: 'C', keep: false, label: 'cancellations' }],
    });
    const table = loadReportTable(loadReport(t)!);
    assert.equal(table.title, 'Load report: text');
    assert.deepEqual(table.rows, [
      ['rows read', 6],
      ['dropped: cancellations', -1],
      ['rows kept', 5],
    ]);
    assert.deepEqual(table.notes, [
      'derived: amount = Quantity × UnitPrice, exact to the millionth',
      "2 rows kept with a missing user id: metrics that need one refuse them (load with missingUsers: 'drop' to drop them)",
    ]);
  });

  it('shows a step that dropped nothing as 0, not -0', async () => {
    const t = await load(LINES, { ...ORDERS, where: [{ column: 'Quantity', '<': -100, keep: false }] });
    assert.ok(Object.is(loadReportTable(loadReport(t)!).rows[1][1], 0));
  });
});
