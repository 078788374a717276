import assert from 'node:assert/strict';
import fc from 'fast-check';
import { guessMapping, normalizeHeader } from '../../../kernel-lib/src/io/guess.js';
import { CANONICAL_TABLES } from '../../../kernel-lib/src/io/schema.js';

describe('io/guess: guessMapping', () => {
  it('maps Chinese order exports', () => {
    const g = guessMapping(['订单编号', '用户ID', '下单时间', '实付金额', '渠道'], 'orders');
    assert.deepEqual(g.columns, {
      orderId: '订单编号',
      userId: '用户ID',
      ts: '下单时间',
      amount: '实付金额',
    });
    assert.deepEqual(g.unmapped, ['渠道']);
    assert.ok(g.confidence.userId >= 0.85);
  });

  it('maps the Online Retail headers (InvoiceNo, CustomerID, InvoiceDate) and leaves unit price alone', () => {
    const g = guessMapping(
      [
        'InvoiceNo',
        'StockCode',
        'Description',
        'Quantity',
        'InvoiceDate',
        'UnitPrice',
        'CustomerID',
        'Country',
      ],
      'orders',
    );
    assert.equal(g.columns.userId, 'CustomerID');
    assert.equal(g.columns.ts, 'InvoiceDate');
    assert.equal(g.columns.orderId, 'InvoiceNo');
    assert.equal(g.columns.productId, 'StockCode');
    assert.equal(g.columns.amount, undefined);
  });

  it('knows the common spellings of a user id', () => {
    for (const h of [
      '用户ID',
      '用户id',
      '会员ID',
      '客户编号',
      'uid',
      'customer_id',
      'CustomerID',
      'User Id',
    ]) {
      assert.equal(guessMapping([h, 'x'], 'orders').columns.userId, h, h);
    }
  });

  it('maps users exports with sign-up time and channel', () => {
    const g = guessMapping(['用户id', '注册时间', '渠道', '平台'], 'users');
    assert.deepEqual(g.columns, {
      userId: '用户id',
      registeredAt: '注册时间',
      channel: '渠道',
      platform: '平台',
    });
  });

  it('prefers the exact canonical name and uses each header once', () => {
    const g = guessMapping(['amount', '金额', 'user_id', 'ts'], 'orders');
    assert.equal(g.columns.amount, 'amount');
    assert.equal(g.confidence.amount, 1);
    assert.deepEqual(g.unmapped, ['金额']);
  });

  it('gives lower confidence to a header that only contains an alias', () => {
    const g = guessMapping(['最终实付金额(元)'], 'orders');
    assert.equal(g.columns.amount, '最终实付金额(元)');
    assert.ok(g.confidence.amount < 0.9);
  });

  it('never maps a header twice and never throws, on any headers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 12 }),
        fc.constantFrom(...CANONICAL_TABLES),
        (headers, table) => {
          const g = guessMapping(headers, table);
          const used = Object.values(g.columns);
          return (
            new Set(used).size === used.length &&
            used.every((h) => headers.includes(h)) &&
            Object.values(g.confidence).every((c) => c > 0 && c <= 1)
          );
        },
      ),
    );
  });

  it('normalises headers for comparison', () => {
    assert.equal(normalizeHeader(' Customer_ID '), 'customerid');
    assert.equal(normalizeHeader('金额（元）'), '金额元');
  });
});
