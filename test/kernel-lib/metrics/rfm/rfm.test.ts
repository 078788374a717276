import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { rfm, rfmUsersIn } from '../../../../kernel-lib/src/metrics/rfm/index.js';
import { DictionaryColumn, TimestampColumn } from '../../../../kernel-lib/src/table/columns.js';
import { Dictionary } from '../../../../kernel-lib/src/table/dictionary.js';
import { withTimeZone } from '../../../../kernel-lib/src/table/timeZone.js';
import { byUser, fiveUsers } from './fixture.js';

describe('rfm values', () => {
  it('measures days since last purchase, transactions and net sum by default', () => {
    const result = rfm(fiveUsers());
    assert.equal(result.spec.asOf, '2020-01-11');
    assert.deepEqual(byUser(result, 'recency'), { u1: 6, u2: 1, u3: 8, u4: 2, u5: 41 });
    assert.deepEqual(byUser(result, 'frequency'), { u1: 3, u2: 1, u3: 2, u4: 1, u5: 1 });
    assert.deepEqual(byUser(result, 'monetary'), { u1: 180, u2: 200, u3: 20, u4: 15, u5: 400 });
    assert.deepEqual(result.users.columnNames(), [
      'user_id',
      'recency',
      'frequency',
      'monetary',
      'r',
      'f',
      'm',
      'segment',
    ]);
  });
  it('recency: ageAtLast is days from first to last purchase', () => {
    const result = rfm(fiveUsers(), { recency: 'ageAtLast' });
    assert.deepEqual(byUser(result, 'recency'), { u1: 4, u2: 0, u3: 1, u4: 0, u5: 0 });
  });
  it('frequency: purchaseDays counts distinct local days', () => {
    const result = rfm(fiveUsers(), { frequency: 'purchaseDays' });
    assert.deepEqual(byUser(result, 'frequency'), { u1: 2, u2: 1, u3: 2, u4: 1, u5: 1 });
  });
  it('monetary: mean divides the net total by purchase transactions', () => {
    const result = rfm(fiveUsers(), { monetary: 'mean' });
    assert.deepEqual(byUser(result, 'monetary'), { u1: 60, u2: 200, u3: 10, u4: 15, u5: 400 });
  });
  it('refunds: exclude drops negative rows, error names the row', () => {
    assert.equal(byUser(rfm(fiveUsers(), { refunds: 'exclude' }), 'monetary').u4, 20);
    assert.throws(
      () => rfm(fiveUsers(), { refunds: 'error' }),
      /orders, row 8, column "amount": negative amount: "-5"/,
    );
  });
  it('refunds: a user with only a refund in the window is not scored', () => {
    const orders = aq.from([
      { user_id: 'a', ts: '2020-01-01', amount: 10 },
      { user_id: 'b', ts: '2020-01-01', amount: -10 },
    ]);
    assert.deepEqual(rfm(orders).users.array('user_id'), ['a']);
  });
  it('asOf: orders from the as-of day on are not counted', () => {
    const result = rfm(fiveUsers(), { asOf: '2020-01-06' });
    assert.deepEqual(byUser(result, 'recency'), { u1: 1, u3: 3, u5: 36 });
    assert.deepEqual(byUser(result, 'monetary'), { u1: 180, u3: 20, u5: 400 });
  });
  it('window: only orders within N local days before the as-of day', () => {
    const result = rfm(fiveUsers(), { window: 10 });
    assert.deepEqual(Object.keys(byUser(result, 'recency')), ['u1', 'u2', 'u3', 'u4']);
    const shorter = rfm(fiveUsers(), { window: 9 }); // from 2020-01-02: u1 loses the 100
    assert.equal(byUser(shorter, 'monetary').u1, 80);
  });
  it('timeZone: day boundaries follow the zone', () => {
    const orders = aq.from([
      { user_id: 'a', ts: '2020-01-10T20:00:00Z', amount: 1 }, // 2020-01-11 04:00 in +08:00
      { user_id: 'b', ts: '2020-01-10T10:00:00Z', amount: 1 },
    ]);
    assert.equal(rfm(orders).spec.asOf, '2020-01-11');
    const shanghai = rfm(orders, { timeZone: 'Asia/Shanghai' });
    assert.equal(shanghai.spec.asOf, '2020-01-12');
    assert.deepEqual(byUser(shanghai, 'recency'), { a: 1, b: 2 });
  });
  it('accepts Date and epoch-millisecond timestamps', () => {
    const orders = aq.from([
      { user_id: 'a', ts: new Date('2020-01-01T00:00:00Z'), amount: 1 },
      { user_id: 'b', ts: Date.parse('2020-01-03T00:00:00Z'), amount: 1 },
    ]);
    assert.deepEqual(byUser(rfm(orders), 'recency'), { a: 3, b: 1 });
  });
});

describe('rfm inputs', () => {
  it('reads typed columns as load() gives them (dictionary codes, epoch ms)', () => {
    const dictionary = new Dictionary();
    const codes = Int32Array.from(['x', 'y', 'x'], (id) => dictionary.encode(id));
    const ms = Float64Array.from(['2020-01-01', '2020-01-02', '2020-01-04'], (d) => Date.parse(d));
    // As load() makes it: typed columns, and the zone its timestamps were read in.
    const orders = withTimeZone(
      aq.table({
        user_id: new DictionaryColumn(codes, dictionary),
        ts: new TimestampColumn(ms),
        amount: Float64Array.from([5, 7, 9]),
      }),
      'UTC',
    );
    const result = rfm(orders);
    assert.deepEqual(byUser(result, 'recency'), { x: 1, y: 3 });
    assert.deepEqual(byUser(result, 'monetary'), { x: 14, y: 7 });
  });
  it('userColumn: another id column', () => {
    const orders = aq.from([
      { customer: 'k1', ts: '2020-01-01', amount: 3 },
      { customer: 'k1', ts: '2020-01-02', amount: 4 },
    ]);
    const result = rfm(orders, { userColumn: 'customer' });
    assert.deepEqual(
      result.users.objects().map((r: any) => [r.user_id, r.frequency, r.monetary]),
      [['k1', 2, 7]],
    );
  });
});

describe('rfm scoring', () => {
  it('quantile (default 5 bins, ties min): score = 1 + floor(5 (rank − 1) / n), recent = high', () => {
    const result = rfm(fiveUsers());
    assert.deepEqual(byUser(result, 'r'), { u1: 3, u2: 5, u3: 2, u4: 4, u5: 1 });
    // frequency 3,1,2,1,1: the three 1s share the lowest rank
    assert.deepEqual(byUser(result, 'f'), { u1: 5, u2: 1, u3: 4, u4: 1, u5: 1 });
    assert.deepEqual(byUser(result, 'm'), { u1: 3, u2: 4, u3: 2, u4: 1, u5: 5 });
    // high = score above the mean score: r mean 3 → ≥ 4, f mean 2.4 → ≥ 3, m mean 3 → ≥ 4
    assert.deepEqual(byUser(result, 'segment'), {
      u1: 'generalRetention',
      u2: 'importantDevelopment',
      u3: 'generalRetention',
      u4: 'generalDevelopment',
      u5: 'importantWinBack',
    });
    const f = result.thresholds[0].frequency;
    assert.equal(f.meanScore, 2.4);
    assert.equal(f.highFrom, 3);
    assert.deepEqual(f.scores[0], { score: 1, users: 3, min: 1, max: 1 });
  });
  it('quantile ties max and average', () => {
    const max = rfm(fiveUsers(), { scoring: { method: 'quantile', ties: 'max' } });
    assert.deepEqual(byUser(max, 'f'), { u1: 5, u2: 3, u3: 4, u4: 3, u5: 3 });
    const avg = rfm(fiveUsers(), { scoring: { method: 'quantile', ties: 'average' } });
    assert.deepEqual(byUser(avg, 'f'), { u1: 5, u2: 2, u3: 4, u4: 2, u5: 2 });
  });
  it('quantile with 3 bins: score = 1 + floor(3 (rank − 1) / 5)', () => {
    const result = rfm(fiveUsers(), { scoring: { method: 'quantile', bins: 3 } });
    // monetary ranks u4 1, u3 2, u1 3, u2 4, u5 5 → floor(3·0/5)… = 0, 0, 1, 1, 2
    assert.deepEqual(byUser(result, 'm'), { u1: 2, u2: 2, u3: 1, u4: 1, u5: 3 });
  });
  it('high: a fixed score threshold', () => {
    const result = rfm(fiveUsers(), { high: 3 });
    // r ≥ 3: u1 u2 u4; f ≥ 3: u1 u3; m ≥ 3: u1 u2 u5
    assert.deepEqual(byUser(result, 'segment'), {
      u1: 'importantValue',
      u2: 'importantDevelopment',
      u3: 'generalRetention',
      u4: 'generalDevelopment',
      u5: 'importantWinBack',
    });
  });
  it('mean: high when strictly better than the mean value', () => {
    const result = rfm(fiveUsers(), { scoring: { method: 'mean' } });
    // recency mean 11.6 (below = high), frequency mean 1.6, monetary mean 163
    assert.deepEqual(byUser(result, 'r'), { u1: 2, u2: 2, u3: 2, u4: 2, u5: 1 });
    assert.deepEqual(byUser(result, 'f'), { u1: 2, u2: 1, u3: 2, u4: 1, u5: 1 });
    assert.deepEqual(byUser(result, 'm'), { u1: 2, u2: 2, u3: 1, u4: 1, u5: 2 });
    assert.deepEqual(byUser(result, 'segment'), {
      u1: 'importantValue',
      u2: 'importantDevelopment',
      u3: 'generalValue',
      u4: 'generalDevelopment',
      u5: 'importantWinBack',
    });
    assert.equal(result.thresholds[0].recency.cutoff, 11.6);
    assert.equal(result.thresholds[0].monetary.cutoff, 163);
  });
  it('pareto total: the top users making up 80 % of the total, ties at the cut-off included', () => {
    const result = rfm(fiveUsers(), { scoring: { method: 'pareto' } });
    // monetary total 815, 80 % = 652: 400 + 200 + 180 = 780 reaches it → cut-off 180
    assert.deepEqual(byUser(result, 'm'), { u1: 2, u2: 2, u3: 1, u4: 1, u5: 2 });
    assert.equal(result.thresholds[0].monetary.cutoff, 180);
    // frequency total 8, 6.4 reached only within the 1s → everyone is high
    assert.deepEqual(byUser(result, 'f'), { u1: 2, u2: 2, u3: 2, u4: 2, u5: 2 });
    // recency uses basis users: top ceil(5 · 0.2) = 1 user
    assert.deepEqual(byUser(result, 'r'), { u1: 1, u2: 2, u3: 1, u4: 1, u5: 1 });
  });
  it('pareto users: the top 20 % of users', () => {
    const result = rfm(fiveUsers(), { scoring: { method: 'pareto', basis: 'users' } });
    assert.deepEqual(byUser(result, 'm'), { u1: 1, u2: 1, u3: 1, u4: 1, u5: 2 });
    assert.equal(result.thresholds[0].monetary.cutoff, 400);
  });
  it('topN: the best n, everyone tied with the n-th included', () => {
    const two = rfm(fiveUsers(), { scoring: { method: 'topN', n: 2 } });
    assert.deepEqual(byUser(two, 'r'), { u1: 1, u2: 2, u3: 1, u4: 2, u5: 1 });
    assert.equal(two.thresholds[0].recency.cutoff, 2);
    assert.deepEqual(byUser(two, 'f'), { u1: 2, u2: 1, u3: 2, u4: 1, u5: 1 });
    const three = rfm(fiveUsers(), { scoring: { method: 'topN', n: 3 } });
    assert.deepEqual(byUser(three, 'f'), { u1: 2, u2: 2, u3: 2, u4: 2, u5: 2 });
  });
  it('topPercent: the best ceil(n · p / 100) users', () => {
    const result = rfm(fiveUsers(), { scoring: { method: 'topPercent', percent: 40 } });
    assert.deepEqual(byUser(result, 'm'), { u1: 1, u2: 2, u3: 1, u4: 1, u5: 2 });
    const tiny = rfm(fiveUsers(), { scoring: { method: 'topPercent', percent: 1 } });
    assert.deepEqual(byUser(tiny, 'm'), { u1: 1, u2: 1, u3: 1, u4: 1, u5: 2 });
  });
  it('cuts: a cut point belongs to the upper bin; recency reversed', () => {
    const result = rfm(fiveUsers(), {
      scoring: { method: 'cuts', recency: [7, 30], frequency: [2, 3], monetary: [100, 300] },
    });
    assert.deepEqual(byUser(result, 'r'), { u1: 3, u2: 3, u3: 2, u4: 3, u5: 1 });
    assert.deepEqual(byUser(result, 'f'), { u1: 3, u2: 1, u3: 2, u4: 1, u5: 1 });
    assert.deepEqual(byUser(result, 'm'), { u1: 2, u2: 2, u3: 1, u4: 1, u5: 3 });
  });
  it('scoring per dimension', () => {
    const result = rfm(fiveUsers(), {
      scoring: { recency: { method: 'cuts', recency: [7] }, monetary: { method: 'mean' } },
    });
    assert.deepEqual(byUser(result, 'r'), { u1: 2, u2: 2, u3: 1, u4: 2, u5: 1 });
    assert.deepEqual(byUser(result, 'f'), { u1: 5, u2: 1, u3: 4, u4: 1, u5: 1 }); // default quantile
    assert.deepEqual(byUser(result, 'm'), { u1: 2, u2: 2, u3: 1, u4: 1, u5: 2 });
    assert.equal(result.thresholds[0].recency.highFrom, 2);
  });
});

describe('rfm segments and groups', () => {
  it('segments table: the 8 segments in fixed order with counts, shares and means', () => {
    const result = rfm(fiveUsers(), { scoring: { method: 'mean' } });
    const rows = result.segments.objects() as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((r) => r.segment),
      [
        'importantValue',
        'importantDevelopment',
        'importantRetention',
        'importantWinBack',
        'generalValue',
        'generalDevelopment',
        'generalRetention',
        'generalWinBack',
      ],
    );
    assert.deepEqual(rows[0], {
      segment: 'importantValue',
      users: 1,
      share: 0.2,
      mean_recency: 6,
      mean_frequency: 3,
      mean_monetary: 180,
      total_monetary: 180,
    });
    assert.equal(rows[2].users, 0);
    assert.equal(rows[2].mean_monetary, null);
    assert.deepEqual(rfmUsersIn(result, 'importantWinBack'), ['u5']);
    assert.deepEqual(rfmUsersIn(result, 'generalRetention'), []);
  });
  it('groupBy: thresholds per group, rows per (group, user)', () => {
    const orders = aq.from([
      { user_id: 'a', ts: '2020-01-01', amount: 100, product_line: 'P' },
      { user_id: 'b', ts: '2020-01-01', amount: 10, product_line: 'P' },
      { user_id: 'a', ts: '2020-01-01', amount: 50, product_line: 'Q' },
      { user_id: 'b', ts: '2020-01-01', amount: 500, product_line: 'Q' },
      { user_id: 'c', ts: '2020-01-01', amount: 20, product_line: 'Q' },
    ]);
    const result = rfm(orders, { groupBy: 'product_line', scoring: { method: 'mean' } });
    assert.deepEqual(result.users.columnNames().slice(0, 2), ['user_id', 'product_line']);
    assert.deepEqual(
      result.users.objects().map((r: any) => `${r.product_line}/${r.user_id}/${r.m}`),
      ['P/a/2', 'P/b/1', 'Q/a/1', 'Q/b/2', 'Q/c/1'],
    );
    assert.deepEqual(
      result.thresholds.map((t) => [t.group, t.users, t.monetary.cutoff]),
      [
        ['P', 2, 55],
        ['Q', 3, 190],
      ],
    );
    assert.equal(result.segments.numRows(), 16);
    assert.deepEqual(rfmUsersIn(result, 'importantValue', 'Q'), []);
    assert.deepEqual(rfmUsersIn(result, 'generalWinBack'), ['b', 'a', 'c']);
  });
});
