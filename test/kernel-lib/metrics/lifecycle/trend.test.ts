import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { lifecycleTrend } from '../../../../kernel-lib/src/metrics/lifecycle/trend.js';
import { signups } from '../../../support/tables.js';

// a: active Jan, Feb, Apr. b: signed up Jan, first active Feb. c: signed up and invested in Mar.
const users = signups({ a: '2017-01-03', b: '2017-01-20', c: '2017-03-02' });
const events = aq.from([
  { user_id: 'a', ts: '2017-01-05T08:00:00Z', event: 'login' },
  { user_id: 'a', ts: '2017-01-06T08:00:00Z', event: 'login' },
  { user_id: 'a', ts: '2017-02-10T08:00:00Z', event: 'login' },
  { user_id: 'a', ts: '2017-03-10T08:00:00Z', event: 'page_view' },
  { user_id: 'a', ts: '2017-04-01T08:00:00Z', event: 'login' },
  { user_id: 'b', ts: '2017-02-03T08:00:00Z', event: 'login' },
]);
const orders = aq.from([{ user_id: 'c', ts: '2017-03-05T08:00:00Z', amount: 100 }]);

function cells(r: ReturnType<typeof lifecycleTrend>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of r.counts.objects() as any[])
    if (row.users) out[`${row.period} ${row.status}`] = row.users;
  return out;
}

describe('lifecycleTrend', () => {
  it('counts new, returning, resurrecting and dormant users per month (first activity = new)', () => {
    const r = lifecycleTrend({ users, events, orders }, { asOf: '2017-05-15' });
    assert.deepEqual(cells(r), {
      '2017-01 new': 1,
      '2017-02 new': 1,
      '2017-02 returning': 1,
      '2017-03 new': 1,
      '2017-03 dormant': 2,
      '2017-04 resurrecting': 1,
      '2017-04 dormant': 1,
      '2017-05 dormant': 1,
    });
    assert.equal(r.counts.numRows(), 5 * 4);
    assert.deepEqual(r.counts.array('status').slice(0, 4), ['new', 'returning', 'resurrecting', 'dormant']);
    assert.deepEqual(r.usersIn('2017-03', 'dormant'), ['a', 'b']);
    assert.match(r.notes[0], /2017-05.*incomplete/);
  });

  it("counts a late first activity as resurrecting under PostHog's sign-up rule", () => {
    const r = lifecycleTrend({ users, events, orders }, { asOf: '2017-04-30', newRule: 'signup' });
    const c = cells(r);
    assert.equal(c['2017-02 new'], undefined);
    assert.equal(c['2017-02 resurrecting'], 1);
    assert.deepEqual(r.usersIn('2017-02', 'resurrecting'), ['b']);
    assert.equal(r.notes.length, 0);
  });

  it('honours from, the activity kinds and orders switch', () => {
    const r = lifecycleTrend(
      { users, events, orders },
      {
        asOf: '2017-04-30',
        from: '2017-03-01',
        activityEvents: ['login', 'page_view'],
        ordersCountAsActivity: false,
      },
    );
    assert.deepEqual(cells(r), {
      '2017-03 returning': 1,
      '2017-03 dormant': 1,
      '2017-04 returning': 1,
    });
  });

  it('does not read rows after asOf', () => {
    const later = events.concat(aq.from([{ user_id: 'b', ts: '2017-05-01T00:00:00Z', event: 'login' }]));
    assert.deepEqual(
      lifecycleTrend({ users, events: later, orders }, { asOf: '2017-04-30' }).counts.objects(),
      lifecycleTrend({ users, events, orders }, { asOf: '2017-04-30' }).counts.objects(),
    );
  });

  it('rejects unknown rules and periods', () => {
    assert.throws(
      () => lifecycleTrend({ users }, { asOf: '2017-04-30', newRule: 'created' as any }),
      /invalid newRule: "created"/,
    );
    assert.throws(
      () => lifecycleTrend({ users }, { asOf: '2017-04-30', period: 'year' as any }),
      /invalid period: "year"/,
    );
  });
});
