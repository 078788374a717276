import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { kFactor, referralLadderCost } from '../../../../kernel-lib/src/metrics/virality/virality.js';

/** n invitations from `inviter`, the first `converted` of them converted. */
function invitesOf(inviter: string, n: number, converted: number, day = '2024-01-10') {
  return Array.from({ length: n }, (_, i) => ({
    inviter_id: inviter,
    invitee_id: `${inviter}-${i}`,
    sent_at: `${day}T08:00:00Z`,
    converted_at: i < converted ? `${day}T20:00:00Z` : null,
  }));
}

describe('kFactor', () => {
  it('reproduces article 002: 20 invitations at 10 % and 40 at 20 % give K = 30 × 10 / 60 = 5', () => {
    const r = kFactor(aq.from([...invitesOf('a', 20, 2), ...invitesOf('b', 40, 8)]));
    assert.equal(r.invitationsPerUser, 30);
    assert.equal(r.conversionRate, 10 / 60);
    assert.equal(r.k, 5);
    assert.deepEqual(r.users.objects(), [
      { inviter_id: 'a', invitations: 20, conversions: 2, conversionRate: 0.1, k: 2 },
      { inviter_id: 'b', invitations: 40, conversions: 8, conversionRate: 0.2, k: 8 },
    ]);
  });

  it('takes the mean over a given population, a date range and a conversion window', () => {
    const data = aq.from([...invitesOf('a', 20, 2), ...invitesOf('b', 40, 8, '2024-02-10')]);
    assert.ok(Math.abs(kFactor(data, { population: 6 }).k - 10 / 6) < 1e-12); // 60 / 6 × 10 / 60
    const jan = kFactor(data, { from: '2024-01-01', to: '2024-01-31' });
    assert.equal(jan.invitations, 20);
    assert.equal(jan.k, 2);
    assert.equal(kFactor(data, { conversionDays: 0.25 }).conversions, 0, '12 hours is past a 6-hour window');
    assert.throws(() => kFactor(data, { population: 1 }), /invalid population/);
  });

  it('gives NaN for no invitations', () => {
    const r = kFactor(aq.table({ inviter_id: [], invitee_id: [], sent_at: [], converted_at: [] }));
    assert.ok(Number.isNaN(r.k));
  });
});

describe('referralLadderCost', () => {
  it('pays 1 for the first new user of a day, 3 the next consecutive day, and restarts after a gap', () => {
    const rows = [
      { inviter_id: 'p', converted_at: '2024-01-01T09:00:00Z' },
      { inviter_id: 'p', converted_at: '2024-01-01T10:00:00Z' }, // second of the day: no reward
      { inviter_id: 'p', converted_at: '2024-01-02T09:00:00Z' },
      { inviter_id: 'p', converted_at: '2024-01-03T09:00:00Z' },
      { inviter_id: 'p', converted_at: '2024-01-05T09:00:00Z' },
      { inviter_id: 'q', converted_at: null },
    ];
    const r = referralLadderCost(aq.from(rows), { rewards: [1, 3, 5] });
    assert.deepEqual(r.users.objects(), [{ inviter_id: 'p', activeDays: 4, reward: 1 + 3 + 5 + 1 }]);
    assert.equal(r.total, 10);
    assert.throws(() => referralLadderCost(aq.from(rows), { rewards: [] }), /invalid rewards/);
  });
});
