import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { retention } from '../../../../kernel-lib/src/metrics/retention/retention.js';
import { usersIn } from '../../../../kernel-lib/src/metrics/retention/usersIn.js';
import { bucketByFirstWindowCount } from '../../../../kernel-lib/src/metrics/retention/firstWindowBucket.js';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';
import { pick } from '../../../support/tables.js';

// a: signs up 01-01 10:00, visits 01-02 09:00 (calendar day 1, but only 23 h later) and 01-05.
// b: signs up 01-01 23:00, visits 01-03 01:00 (calendar day 2, 26 h later).
// c: signs up 01-02 12:00, visits 01-08 12:00 (day 6) and 01-09.
const events = aq.from([
  { user_id: 'a', ts: '2024-01-01T10:00:00Z', event: 'signup', platform: 'iOS' },
  { user_id: 'a', ts: '2024-01-02T09:00:00Z', event: 'visit', platform: 'iOS' },
  { user_id: 'a', ts: '2024-01-05T09:00:00Z', event: 'visit', platform: 'iOS' },
  { user_id: 'b', ts: '2024-01-01T23:00:00Z', event: 'signup', platform: 'H5' },
  { user_id: 'b', ts: '2024-01-03T01:00:00Z', event: 'visit', platform: 'H5' },
  { user_id: 'c', ts: '2024-01-02T12:00:00Z', event: 'signup', platform: 'iOS' },
  { user_id: 'c', ts: '2024-01-08T12:00:00Z', event: 'visit', platform: 'iOS' },
  { user_id: 'c', ts: '2024-01-09T12:00:00Z', event: 'visit', platform: 'iOS' },
]);
const base = { startEvent: 'signup', returnEvent: 'visit' } as const;

describe('retention', () => {
  it('counts "on day N" per daily cohort in calendar days', () => {
    const r = retention(events, { ...base, days: [1, 2, 6] });
    assert.equal(r.asOf, '2024-01-09');
    assert.deepEqual(pick(r.cells, 'cohort', 'offset', 'cohort_size', 'retained', 'complete'), [
      { cohort: '2024-01-01', offset: 1, cohort_size: 2, retained: 1, complete: true },
      { cohort: '2024-01-01', offset: 2, cohort_size: 2, retained: 1, complete: true },
      { cohort: '2024-01-01', offset: 6, cohort_size: 2, retained: 0, complete: true },
      { cohort: '2024-01-02', offset: 1, cohort_size: 1, retained: 0, complete: true },
      { cohort: '2024-01-02', offset: 2, cohort_size: 1, retained: 0, complete: true },
      { cohort: '2024-01-02', offset: 6, cohort_size: 1, retained: 1, complete: true },
    ]);
    assert.deepEqual(pick(r.total, 'offset', 'cohort_size', 'retained', 'rate'), [
      { offset: 1, cohort_size: 3, retained: 1, rate: 1 / 3 },
      { offset: 2, cohort_size: 3, retained: 1, rate: 1 / 3 },
      { offset: 6, cohort_size: 3, retained: 1, rate: 1 / 3 },
    ]);
  });

  it('marks cells past the as-of day incomplete (null), and leaves them out of the total', () => {
    const r = retention(events, { ...base, days: [7, 8], asOf: '2024-01-09' });
    // Cohort 01-01 reaches day 8 on 01-09 (complete); cohort 01-02 reaches day 8 on 01-10 (not yet).
    assert.deepEqual(pick(r.cells, 'cohort', 'offset', 'retained', 'rate', 'rate_high', 'complete'), [
      {
        cohort: '2024-01-01',
        offset: 7,
        retained: 0,
        rate: 0,
        rate_high: r.cells.array('rate_high')[0],
        complete: true,
      },
      {
        cohort: '2024-01-01',
        offset: 8,
        retained: 0,
        rate: 0,
        rate_high: r.cells.array('rate_high')[0],
        complete: true,
      },
      { cohort: '2024-01-02', offset: 7, retained: 1, rate: 1, rate_high: 1, complete: true },
      { cohort: '2024-01-02', offset: 8, retained: null, rate: null, rate_high: null, complete: false },
    ]);
    assert.deepEqual(pick(r.total, 'offset', 'cohort_size', 'retained'), [
      { offset: 7, cohort_size: 3, retained: 1 },
      { offset: 8, cohort_size: 2, retained: 0 },
    ]);
  });

  it('counts "on or after day N" as any return from day N up to the as-of day', () => {
    const r = retention(events, { ...base, mode: 'onOrAfter', days: [2, 5] });
    assert.deepEqual(pick(r.total, 'offset_label', 'retained', 'cohort_size'), [
      { offset_label: '2+', retained: 3, cohort_size: 3 },
      { offset_label: '5+', retained: 1, cohort_size: 3 },
    ]);
  });

  it('counts custom brackets', () => {
    const r = retention(events, {
      ...base,
      mode: 'brackets',
      brackets: [
        [1, 1],
        [2, 4],
        [5, 7],
      ],
    });
    // a: days 1 and 4; b: day 2; c: days 6 and 7.
    assert.deepEqual(pick(r.total, 'offset_label', 'retained'), [
      { offset_label: '1', retained: 1 },
      { offset_label: '2–4', retained: 2 },
      { offset_label: '5–7', retained: 1 },
    ]);
  });

  it('measures 24-hour windows from the start instant with window "rolling24h"', () => {
    const r = retention(events, { ...base, window: 'rolling24h', days: [1] });
    // a's visit is 23 h after sign-up (window 0), b's is 26 h after (window 1), c's is 6 days after.
    assert.deepEqual(usersIn(r, { cohort: '2024-01-01', offset: 1 }), ['b']);
    assert.deepEqual(usersIn(r, { offset: 1, which: 'lost' }), ['a', 'c']);
  });

  it('follows the time zone for day boundaries', () => {
    // In Shanghai (UTC+8) b signs up on 01-02 07:00 and visits 01-03 09:00: day 1 there, day 2 in UTC.
    assert.deepEqual(usersIn(retention(events, { ...base, days: [1] }), { offset: 1 }), ['a']);
    const r = retention(events, { ...base, days: [1], timeZone: 'Asia/Shanghai' });
    assert.deepEqual(usersIn(r, { offset: 1 }), ['a', 'b']);
  });

  it('groups weeks and months, and period 0 of first-time starts is 100 %', () => {
    const r = retention(events, { period: 'week', periods: 1 });
    // 2024-01-01 is a Monday: everyone starts in week 0; only c comes back in week 1 (01-08), not yet closed.
    assert.deepEqual(pick(r.cells, 'cohort', 'offset', 'cohort_size', 'retained', 'complete'), [
      { cohort: '2024-01-01', offset: 0, cohort_size: 3, retained: 3, complete: true },
      { cohort: '2024-01-01', offset: 1, cohort_size: 3, retained: null, complete: false },
    ]);
    const closed = retention(events, { period: 'week', periods: 1, asOf: '2024-01-14' });
    assert.equal(closed.cells.get('retained', 1), 1);
  });

  it('counts calendar months', () => {
    const r = retention(events, { ...base, period: 'month', periods: 1, asOf: '2024-02-29' });
    // Everyone starts and returns in January; nobody returns in February (complete as of 02-29).
    assert.deepEqual(pick(r.cells, 'cohort', 'offset', 'cohort_size', 'retained', 'complete'), [
      { cohort: '2024-01', offset: 0, cohort_size: 3, retained: 3, complete: true },
      { cohort: '2024-01', offset: 1, cohort_size: 3, retained: 0, complete: true },
    ]);
    const running = retention(events, { ...base, period: 'month', periods: 1, asOf: '2024-02-28' });
    assert.equal(running.cells.get('complete', 1), false);
  });

  it('treats every period with a start event as a new start when start is "recurring"', () => {
    const visits = aq.from([
      { user_id: 'a', ts: '2024-01-01T10:00:00Z' },
      { user_id: 'a', ts: '2024-01-01T12:00:00Z' },
      { user_id: 'a', ts: '2024-01-02T10:00:00Z' },
      { user_id: 'a', ts: '2024-01-04T10:00:00Z' },
    ]);
    const first = retention(visits, { days: [1] });
    const recurring = retention(visits, { days: [1], start: 'recurring' });
    assert.deepEqual(pick(first.cells, 'cohort', 'retained'), [{ cohort: '2024-01-01', retained: 1 }]);
    assert.deepEqual(pick(recurring.cells, 'cohort', 'cohort_size', 'retained', 'complete'), [
      { cohort: '2024-01-01', cohort_size: 1, retained: 1, complete: true },
      { cohort: '2024-01-02', cohort_size: 1, retained: 0, complete: true },
      { cohort: '2024-01-04', cohort_size: 1, retained: null, complete: false },
    ]);
  });

  it('takes starts from a users column and breaks down by a users column', () => {
    const users = aq.from([
      { user_id: 'a', registered_at: '2024-01-01T08:00:00Z', channel: 'ads' },
      { user_id: 'b', registered_at: '2024-01-01T08:00:00Z', channel: 'invite' },
      { user_id: 'z', registered_at: '2024-01-01T09:00:00Z', channel: 'ads' }, // never came back
      { user_id: 'y', registered_at: null, channel: 'ads' }, // not registered: in no cohort
    ]);
    const r = retention(
      events,
      { startColumn: 'registered_at', returnEvent: 'visit', days: [1], breakdown: 'channel' },
      users,
    );
    assert.deepEqual(pick(r.total, 'channel', 'cohort_size', 'retained'), [
      { channel: 'ads', cohort_size: 2, retained: 1 },
      { channel: 'invite', cohort_size: 1, retained: 0 },
    ]);
    assert.deepEqual(usersIn(r, { offset: 1, group: 'ads', which: 'lost' }), ['z']);
  });

  it('breaks down by a column of the start row', () => {
    const r = retention(events, { ...base, days: [1], breakdown: 'platform' });
    assert.deepEqual(pick(r.total, 'platform', 'cohort_size', 'retained'), [
      { platform: 'H5', cohort_size: 1, retained: 0 },
      { platform: 'iOS', cohort_size: 2, retained: 1 },
    ]);
  });

  it('groups day offsets into weekly cohorts with cohortPeriod', () => {
    const r = retention(events, { ...base, days: [1], cohortPeriod: 'week' });
    // 2024-01-01 is a Monday: a, b (01-01) and c (01-02) start in the same week; only a returns on its day 1.
    assert.deepEqual(pick(r.cells, 'cohort', 'cohort_size', 'retained'), [
      { cohort: '2024-01-01', cohort_size: 3, retained: 1 },
    ]);
  });

  it('filters start and return rows on any column with { column, values }', () => {
    const r = retention(events, {
      startEvent: 'signup',
      returnEvent: { column: 'platform', values: ['H5'] },
      mode: 'onOrAfter',
      days: [1],
    });
    // Only b's rows are on H5, and b comes back on day 2.
    assert.deepEqual(usersIn(r, { offset: 1 }), ['b']);
    assert.deepEqual(usersIn(r, { offset: '1+', which: 'cohort' }), ['a', 'b', 'c']);
  });

  it('carries a Wilson interval at the requested level', () => {
    const many = aq.from(
      Array.from({ length: 10 }, (_, i) => [
        { user_id: `u${i}`, ts: '2024-01-01T00:00:00Z' },
        ...(i < 4 ? [{ user_id: `u${i}`, ts: '2024-01-02T00:00:00Z' }] : []),
      ]).flat(),
    );
    const r = retention(many, { days: [1] });
    assert.ok(Math.abs((r.total.get('rate_low', 0) as number) - 0.16818) < 1e-4);
    assert.ok(Math.abs((r.total.get('rate_high', 0) as number) - 0.68732) < 1e-4);
    const wide = retention(many, { days: [1], level: 0.99 });
    assert.ok((wide.total.get('rate_low', 0) as number) < 0.16818);
  });

  it('splits by the north-star count of the first week with bucketByFirstWindowCount', () => {
    const orders = aq.from([
      { user_id: 'a', ts: '2024-01-01T10:00:00Z' },
      { user_id: 'a', ts: '2024-01-03T10:00:00Z' },
      { user_id: 'a', ts: '2024-01-20T10:00:00Z' },
      { user_id: 'b', ts: '2024-01-01T10:00:00Z' },
      { user_id: 'b', ts: '2024-01-09T10:00:00Z' }, // day 8: outside the first week
    ]);
    const buckets = bucketByFirstWindowCount(orders, { buckets: [[2, 3]], windowDays: 7 });
    assert.deepEqual(pick(buckets, 'user_id', 'first_window_count', 'first_window_bucket'), [
      { user_id: 'a', first_window_count: 2, first_window_bucket: '2–3' },
      { user_id: 'b', first_window_count: 1, first_window_bucket: 'other' },
    ]);
    const r = retention(orders, { mode: 'onOrAfter', days: [14], breakdown: 'first_window_bucket' }, buckets);
    assert.deepEqual(pick(r.total, 'first_window_bucket', 'retained'), [
      { first_window_bucket: '2–3', retained: 1 },
      { first_window_bucket: 'other', retained: 0 },
    ]);
  });

  it('rejects bad options naming the allowed values', () => {
    const bad: [object, RegExp][] = [
      [{ mode: 'daily' }, /invalid mode: "daily" \(allowed: "onDay", "onOrAfter", "brackets"\)/],
      [{ window: 'hours' }, /invalid window/],
      [{ period: 'month', window: 'rolling24h' }, /invalid period/],
      [{ days: [7, 1] }, /invalid days/],
      [{ days: [1], periods: 3 }, /invalid periods/],
      [
        {
          mode: 'brackets',
          brackets: [
            [2, 7],
            [1, 1],
          ],
        },
        /invalid brackets/,
      ],
      [{ brackets: [[1, 1]] }, /invalid brackets/],
      [{ level: 2 }, /invalid level/],
      [{ startEvent: 3 }, /invalid startEvent/],
      [{ colour: 'red' }, /invalid retention option: "colour"/],
      [{ startColumn: 'registered_at' }, /invalid startColumn/],
    ];
    for (const [spec, message] of bad)
      assert.throws(
        () => retention(events, spec as never),
        (e: unknown) => e instanceof SpecError && message.test((e as Error).message),
      );
  });

  it('names a missing column and an empty table', () => {
    assert.throws(
      () => retention(events, { breakdown: 'channel' }),
      (e: unknown) => e instanceof InputError && /channel/.test((e as Error).message),
    );
    assert.throws(
      () => retention(aq.from([{ user_id: 'a', ts: 'yesterday' }])),
      (e: unknown) => e instanceof InputError && /"yesterday"/.test((e as Error).message),
    );
    assert.throws(() => retention(aq.table({ user_id: [], ts: [] })), InputError);
  });
});
