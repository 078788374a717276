import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from '../../../../kernel-lib/src/io/load.js';
import {
  describeLoadChoices,
  guessLoadChoices,
  rowsWithoutUser,
  withColumns,
} from '../../../../extension/src/preview/previewLoad.js';

const RETAIL = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
];

describe('the preview guesses how to load an export (issue 15)', () => {
  it('Online Retail: order id, user, time and amount = Quantity × UnitPrice, at once', () => {
    const choices = guessLoadChoices(RETAIL)!;
    assert.deepEqual(choices.columns, {
      orderId: 'InvoiceNo',
      userId: 'CustomerID',
      ts: 'InvoiceDate',
      productId: 'StockCode',
    });
    assert.deepEqual(choices.amount, { product: ['Quantity', 'UnitPrice'] });
    assert.equal(
      describeLoadChoices(choices),
      'orderId ← InvoiceNo, userId ← CustomerID, ts ← InvoiceDate, productId ← StockCode, amount ← Quantity × UnitPrice',
    );
  });

  it('Chinese headers with 数量 and 单价; an export with an amount derives none', () => {
    assert.deepEqual(guessLoadChoices(['订单ID', '用户ID', '下单时间', '数量', '单价'])!.amount, {
      product: ['数量', '单价'],
    });
    assert.equal(guessLoadChoices(['用户ID', '下单时间', '实付金额', '数量', '单价'])!.amount, undefined);
    assert.equal(guessLoadChoices([]), undefined);
  });

  it('counts the rows without a customer id, and the derived amount loads', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fupan-retail-'));
    try {
      const file = path.join(dir, 'retail.csv');
      writeFileSync(
        file,
        'InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n' +
          '1,2,2011-01-01 10:00,1.5,17850\n1,1,2011-01-01 10:00,4,17850\n2,3,2011-01-02 10:00,2,\n3,1,2011-01-03 10:00,2,\n',
      );
      const choices = guessLoadChoices(['InvoiceNo', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'])!;
      const orders = await load(file, { table: 'orders', timeZone: 'UTC', ...choices });
      assert.equal(rowsWithoutUser(orders), 2);
      assert.deepEqual(Array.from(orders.array('amount') as ArrayLike<number>), [3, 4, 6, 2]);
      const kept = await load(file, { table: 'orders', timeZone: 'UTC', ...choices, missingUsers: 'drop' });
      assert.equal(rowsWithoutUser(kept), 0);
      assert.equal(kept.numRows(), 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a confirmed mapping with an amount column replaces the derived amount (load() refuses both)', async () => {
    const guessed = guessLoadChoices(RETAIL)!;
    const confirmed = withColumns(guessed, { ...guessed.columns, amount: 'UnitPrice' });
    assert.equal(confirmed.amount, undefined);
    assert.equal(confirmed.columns!.amount, 'UnitPrice');
    const kept = withColumns({ ...guessed, missingUsers: 'drop' }, { userId: 'CustomerID' });
    assert.deepEqual(kept, {
      amount: guessed.amount,
      missingUsers: 'drop',
      columns: { userId: 'CustomerID' },
    });
  });
});
