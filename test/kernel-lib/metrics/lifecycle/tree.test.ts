import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { lifecycleTree } from '../../../../kernel-lib/src/metrics/lifecycle/tree.js';

const users = aq.from(
  ['n1', 'n2', 'n3', 'g1', 'g2', 's1', 's2', 'c1'].map((id) => ({
    user_id: id,
    registered_at: id === 'n1' ? '2019-06-20' : '2019-01-01',
  })),
);
const events = aq.from([
  { user_id: 'n2', ts: '2019-06-28T10:00:00Z', event: 'visit' },
  { user_id: 'n3', ts: '2019-06-01T10:00:00Z', event: 'visit' },
  { user_id: 'g1', ts: '2019-06-29T10:00:00Z', event: 'favorite' },
  { user_id: 's1', ts: '2019-05-01T10:00:00Z', event: 'visit' },
  { user_id: 's2', ts: '2019-05-01T10:00:00Z', event: 'visit' },
  { user_id: 'c1', ts: '2019-02-01T10:00:00Z', event: 'visit' },
]);
const orders = aq.from([
  { user_id: 'g1', ts: '2019-06-27T10:00:00Z', amount: 100 },
  { user_id: 'g2', ts: '2019-06-25T10:00:00Z', amount: 200 },
  { user_id: 's1', ts: '2019-04-01T10:00:00Z', amount: 1000 },
  { user_id: 's1', ts: '2019-04-10T10:00:00Z', amount: 1000 },
  { user_id: 's1', ts: '2019-04-20T10:00:00Z', amount: 1000 },
  { user_id: 's2', ts: '2019-05-01T10:00:00Z', amount: 50 },
  { user_id: 'c1', ts: '2019-01-01T10:00:00Z', amount: 500 },
]);
const data = { users, events, orders };

function nodes(r: ReturnType<typeof lifecycleTree>): Record<string, string> {
  return Object.fromEntries((r.users.objects() as any[]).map((u) => [u.user_id, u.node]));
}

describe('lifecycleTree', () => {
  it('puts each hand-worked user on its leaf of article 002’s tree', () => {
    const r = lifecycleTree(data, { asOf: '2019-06-30' });
    assert.deepEqual(nodes(r), {
      n1: 'neverPaid.highGrowthPotential',
      n2: 'neverPaid.highGrowthPotential',
      n3: 'neverPaid.highChurnRisk',
      g1: 'growing.highValuePotential',
      g2: 'growing.highSilenceRisk',
      s1: 'silent.highChurnRisk',
      s2: 'silent.lowChurnRisk',
      c1: 'churned',
    });
    assert.equal(r.highOrderValue, 200); // median of 100, 200, 1000, 50, 500
    assert.deepEqual(r.counts.array('users'), [2, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(r.usersIn('neverPaid.highGrowthPotential'), ['n1', 'n2']);
  });

  it('takes every threshold from the spec', () => {
    assert.equal(
      nodes(lifecycleTree(data, { asOf: '2019-06-30', highOrderValue: 2000 })).s1,
      'silent.lowChurnRisk',
    );
    assert.equal(
      nodes(lifecycleTree(data, { asOf: '2019-06-30', silentDays: 61 })).s1,
      'silent.lowChurnRisk',
    );
    assert.equal(nodes(lifecycleTree(data, { asOf: '2019-06-30', manyOrders: 4 })).s1, 'silent.lowChurnRisk');
    assert.equal(
      nodes(lifecycleTree(data, { asOf: '2019-06-30', churnedDays: 200 })).c1,
      'silent.lowChurnRisk',
    );
    assert.equal(
      nodes(lifecycleTree(data, { asOf: '2019-06-30', growingDays: 3 })).g2,
      'silent.lowChurnRisk',
    );
    assert.equal(
      nodes(lifecycleTree(data, { asOf: '2019-06-30', recentSignupDays: 5 })).n1,
      'neverPaid.highChurnRisk',
    );
  });

  it('ignores rows after asOf', () => {
    const later = orders.concat(aq.from([{ user_id: 'n3', ts: '2019-07-01T00:00:00Z', amount: 1 }]));
    assert.equal(
      nodes(lifecycleTree({ users, events, orders: later }, { asOf: '2019-06-30' })).n3,
      'neverPaid.highChurnRisk',
    );
  });

  it('rejects a bad threshold', () => {
    assert.throws(
      () => lifecycleTree(data, { asOf: '2019-06-30', silentDays: -1 }),
      /invalid silentDays: "-1"/,
    );
    assert.throws(
      () => lifecycleTree(data, { asOf: '2019-06-30', silent: 45 } as any),
      /invalid lifecycleTree option/,
    );
  });
});
