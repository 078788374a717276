import assert from 'node:assert/strict';
import path from 'node:path';
import { load } from '../../../../kernel-lib/src/io/load.js';
import { computePreview } from '../../../../extension/src/preview/previewSession.js';

const fixture = path.join(__dirname, '..', '..', 'fixtures', 'ws', 'orders.csv');
const HOSTILE = '<img src=x onerror=alert(1)>';

describe('computePreview (segment preview, host side)', () => {
  it('gives the hand-worked segment counts of the fixture with mean thresholds', async () => {
    const orders = await load(fixture, { table: 'orders' });
    const { summary } = computePreview(orders, 'orders.csv', 'mean');
    const counts = Object.fromEntries(summary.segments.map((s) => [s.segment, s.users]));
    assert.deepEqual(counts, {
      importantValue: 2,
      importantDevelopment: 1,
      importantRetention: 1,
      importantWinBack: 1,
      generalValue: 1,
      generalDevelopment: 1,
      generalRetention: 1,
      generalWinBack: 2,
    });
    assert.equal(summary.users, 10);
    assert.equal(summary.orders, 25);
    assert.equal(summary.asOf, '2024-03-31');
    const value = summary.segments[0];
    assert.deepEqual([value.labelEn, value.labelZh, value.share], ['Important value', '重要价值客户', 0.2]);
    assert.deepEqual([value.meanRecency, value.meanFrequency, value.meanMonetary], [1, 4, 1000]);
  });

  it('serves windows of one segment, sorted, and exports its users to CSV', async () => {
    const orders = await load(fixture, { table: 'orders' });
    const { users } = computePreview(orders, 'orders.csv', 'mean');
    assert.deepEqual(
      users.rows('generalWinBack', { column: 'user_id', descending: true }, 0, 10).map((r) => r[0]),
      ['u09', HOSTILE],
    );
    assert.deepEqual(
      users.rows(null, { column: 'monetary', descending: true }, 0, 3).map((r) => r[3]),
      [1000, 1000, 1000],
    );
    assert.deepEqual(users.rows(null, null, 8, 100).length, 2);
    const csv = users.csv('importantValue');
    assert.equal(
      csv,
      'user_id,recency,frequency,monetary,r,f,m,segment,segment_zh\n' +
        'u01,1,4,1000,2,2,2,importantValue,重要价值客户\n' +
        'u02,1,4,1000,2,2,2,importantValue,重要价值客户\n',
    );
  });

  it('recomputes with another strategy: segment counts always sum to the users', async () => {
    const orders = await load(fixture, { table: 'orders' });
    for (const strategy of ['quantile', 'pareto'] as const) {
      const { summary } = computePreview(orders, 'orders.csv', strategy);
      assert.equal(summary.strategy, strategy);
      assert.equal(
        summary.segments.reduce((n, s) => n + s.users, 0),
        10,
      );
    }
  });
});

describe('computePreview counts orders, not lines', () => {
  it('an order of several lines (same order_id) is one order', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'fupan-orders-'));
    try {
      const file = path.join(dir, 'lines.csv');
      writeFileSync(
        file,
        'order_id,user_id,ts,amount\n' +
          'A1,u1,2024-01-01T10:00:00Z,5\nA1,u1,2024-01-01T10:00:00Z,7\nA1,u1,2024-01-01T10:00:00Z,1\n' +
          'B2,u2,2024-01-03T10:00:00Z,4\nB3,u2,2024-01-05T10:00:00Z,4\n',
      );
      const orders = await load(file, { table: 'orders' });
      const { summary } = computePreview(orders, 'lines.csv', 'quantile');
      assert.equal(summary.orders, 3);
      assert.equal(summary.users, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
