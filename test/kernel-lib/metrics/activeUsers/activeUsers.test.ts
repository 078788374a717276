import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { activeUsers } from '../../../../kernel-lib/src/metrics/activeUsers/activeUsers.js';
import { SpecError } from '../../../../kernel-lib/src/errors.js';
import { pick, signups } from '../../../support/tables.js';

// 2024-01-01 is a Monday. a: days 1, 2, 9; b: days 2 (twice), 3; c: day 9.
const events = aq.from([
  { user_id: 'a', ts: '2024-01-01T10:00:00Z', event: 'visit' },
  { user_id: 'a', ts: '2024-01-02T10:00:00Z', event: 'visit' },
  { user_id: 'b', ts: '2024-01-02T10:00:00Z', event: 'visit' },
  { user_id: 'b', ts: '2024-01-02T11:00:00Z', event: 'visit' },
  { user_id: 'b', ts: '2024-01-03T11:00:00Z', event: 'order' },
  { user_id: 'a', ts: '2024-01-09T10:00:00Z', event: 'visit' },
  { user_id: 'c', ts: '2024-01-09T10:00:00Z', event: 'visit' },
]);
const users = signups({ a: '2023-12-20T00:00:00Z', b: '2024-01-02T08:00:00Z', c: '2024-01-09T08:00:00Z' });

describe('activeUsers', () => {
  it('counts DAU split into new (signed up that day) and existing', () => {
    const r = activeUsers(events, {}, users);
    const rows = pick(r.table, 'period', 'active', 'new', 'existing');
    assert.deepEqual(rows.slice(0, 3), [
      { period: '2024-01-01', active: 1, new: 0, existing: 1 },
      { period: '2024-01-02', active: 2, new: 1, existing: 1 },
      { period: '2024-01-03', active: 1, new: 0, existing: 1 },
    ]);
    assert.deepEqual(rows[8], { period: '2024-01-09', active: 2, new: 1, existing: 1 });
    assert.equal(rows.length, 9);
  });

  it('counts calendar WAU with new = first seen that week when there is no users table', () => {
    const r = activeUsers(events, { period: 'week' });
    assert.deepEqual(pick(r.table, 'period', 'active', 'new', 'existing', 'complete'), [
      { period: '2024-01-01', active: 2, new: 2, existing: 0, complete: true },
      { period: '2024-01-08', active: 2, new: 1, existing: 1, complete: false },
    ]);
  });

  it('counts rolling 7-day active users per day', () => {
    const r = activeUsers(events, { period: 'week', window: 'rolling' }, users);
    const rows = pick(r.table, 'period', 'active', 'new', 'complete');
    // Window ending 01-08 covers 01-02..01-08: a and b, of whom b signed up inside it (01-02).
    // Window ending 01-09 covers 01-03..01-09: a, b and c; only c signed up inside it.
    assert.deepEqual(rows[7], { period: '2024-01-08', active: 2, new: 1, complete: true });
    assert.deepEqual(rows[8], { period: '2024-01-09', active: 3, new: 1, complete: true });
    assert.deepEqual(rows[0], { period: '2024-01-01', active: 1, new: 0, complete: false });
  });

  it('takes a custom trailing window, and first-seen as "new" even with a users table', () => {
    const r = activeUsers(events, { window: 'rolling', rollingDays: 2, newBy: 'firstSeen' }, users);
    // Windows of two days: 01-02 → {a, b}, 01-03 → {a, b}, 01-04 → {b}; new = first seen inside the window.
    assert.deepEqual(pick(r.table, 'period', 'active', 'new').slice(1, 4), [
      { period: '2024-01-02', active: 2, new: 2 },
      { period: '2024-01-03', active: 2, new: 1 },
      { period: '2024-01-04', active: 1, new: 0 },
    ]);
  });

  it('filters activity events and follows the as-of day', () => {
    const r = activeUsers(events, { activityEvent: 'visit', asOf: '2024-01-03' });
    assert.deepEqual(r.table.array('active'), [1, 2, 0]);
  });

  it('rejects bad options', () => {
    assert.throws(() => activeUsers(events, { window: 'sliding' as never }), /invalid window: "sliding"/);
    assert.throws(() => activeUsers(events, { newBy: 'signup' }), SpecError);
    assert.throws(() => activeUsers(events, { rollingDays: 7 }), /invalid rollingDays/);
  });
});
