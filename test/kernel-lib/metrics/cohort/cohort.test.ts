import assert from 'node:assert/strict';
import * as aq from 'arquero';
import fc from 'fast-check';
import { cohortMatrix } from '../../../../kernel-lib/src/metrics/cohort/cohort.js';
import { countActivity } from '../../../../kernel-lib/src/metrics/cohort/cellCounts.js';
import { cohortUsers } from '../../../../kernel-lib/src/metrics/cohort/usersIn.js';
import { Dictionary } from '../../../../kernel-lib/src/table/dictionary.js';
import { DictionaryColumn, TimestampColumn } from '../../../../kernel-lib/src/table/columns.js';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';
import { cohortOrders } from '../../../support/cohortOrders.js';
import { pick, signups } from '../../../support/tables.js';
import { maxOf } from '../../../../kernel-lib/src/math/extent.js';
import { withTimeZone } from '../../../../kernel-lib/src/table/timeZone.js';

// January cohort: a, b. February cohort: c (see cohortOrders).
const orders = cohortOrders;

describe('cohortMatrix', () => {
  it('counts distinct active users per cohort month and offset, with revenue and cumulative LTV', () => {
    const m = cohortMatrix(orders, { amount: 'amount', asOf: '2024-03-31' });
    assert.deepEqual(
      pick(
        m.cells,
        'cohort',
        'offset',
        'cohort_size',
        'active',
        'rate',
        'revenue',
        'revenue_cum',
        'ltv',
        'complete',
      ),
      [
        {
          cohort: '2024-01',
          offset: 0,
          cohort_size: 2,
          active: 2,
          rate: 1,
          revenue: 150,
          revenue_cum: 150,
          ltv: 75,
          complete: true,
        },
        {
          cohort: '2024-01',
          offset: 1,
          cohort_size: 2,
          active: 1,
          rate: 0.5,
          revenue: 30,
          revenue_cum: 180,
          ltv: 90,
          complete: true,
        },
        {
          cohort: '2024-01',
          offset: 2,
          cohort_size: 2,
          active: 2,
          rate: 1,
          revenue: 30,
          revenue_cum: 210,
          ltv: 105,
          complete: true,
        },
        {
          cohort: '2024-02',
          offset: 0,
          cohort_size: 1,
          active: 1,
          rate: 1,
          revenue: 80,
          revenue_cum: 80,
          ltv: 80,
          complete: true,
        },
        {
          cohort: '2024-02',
          offset: 1,
          cohort_size: 1,
          active: 1,
          rate: 1,
          revenue: 10,
          revenue_cum: 90,
          ltv: 90,
          complete: true,
        },
      ],
    );
  });

  it('marks the running period incomplete and ignores rows after the as-of day', () => {
    const m = cohortMatrix(orders, { asOf: '2024-03-15' });
    assert.deepEqual(pick(m.cells, 'cohort', 'offset', 'active', 'rate', 'complete').slice(2), [
      { cohort: '2024-01', offset: 2, active: null, rate: null, complete: false },
      { cohort: '2024-02', offset: 0, active: 1, rate: 1, complete: true },
      { cohort: '2024-02', offset: 1, active: null, rate: null, complete: false },
    ]);
    assert.deepEqual(cohortUsers(m, { cohort: '2024-01', offset: 2 }), ['a', 'b']);
    assert.deepEqual(
      cohortUsers(cohortMatrix(orders, { asOf: '2024-03-14' }), { cohort: '2024-01', offset: 2 }),
      ['a'],
    );
  });

  it('limits offsets with periods, and groups by ISO week', () => {
    const m = cohortMatrix(orders, { period: 'week', periods: 1, asOf: '2024-03-31' });
    assert.deepEqual(pick(m.cells, 'cohort', 'offset', 'cohort_size', 'active').slice(0, 2), [
      { cohort: '2024-01-01', offset: 0, cohort_size: 1, active: 1 },
      { cohort: '2024-01-01', offset: 1, cohort_size: 1, active: 0 },
    ]);
    assert.equal(maxOf(m.cells.array('offset') as number[]), 1);
  });

  it('groups by sign-up month from a users table, counting users who never bought', () => {
    const users = signups({
      a: '2023-12-30T10:00:00Z',
      b: '2024-01-02T10:00:00Z',
      z: '2024-01-03T10:00:00Z',
    });
    const m = cohortMatrix(orders, { cohortBy: 'signup', asOf: '2024-03-31' }, users);
    assert.deepEqual(pick(m.cells, 'cohort', 'offset', 'cohort_size', 'active'), [
      { cohort: '2023-12', offset: 0, cohort_size: 1, active: 0 },
      { cohort: '2023-12', offset: 1, cohort_size: 1, active: 1 },
      { cohort: '2023-12', offset: 2, cohort_size: 1, active: 1 },
      { cohort: '2023-12', offset: 3, cohort_size: 1, active: 1 },
      { cohort: '2024-01', offset: 0, cohort_size: 2, active: 1 },
      { cohort: '2024-01', offset: 1, cohort_size: 2, active: 0 },
      { cohort: '2024-01', offset: 2, cohort_size: 2, active: 1 },
    ]);
    assert.deepEqual(cohortUsers(m, { cohort: '2024-01', offset: 1, which: 'inactive' }), ['b', 'z']);
  });

  it('counts only the activity events, and reads a custom sign-up column', () => {
    const mixed = orders.derive({
      event: (d: { amount: number }) => (d.amount >= 50 ? 'purchase' : 'visit'),
    });
    // Purchases (amount ≥ 50): a 01-05, b 01-20, c 02-10 — nobody buys twice.
    const m = cohortMatrix(mixed, { activityEvent: 'purchase', asOf: '2024-03-31' });
    assert.deepEqual(pick(m.cells, 'cohort', 'offset', 'cohort_size', 'active'), [
      { cohort: '2024-01', offset: 0, cohort_size: 2, active: 2 },
      { cohort: '2024-01', offset: 1, cohort_size: 2, active: 0 },
      { cohort: '2024-01', offset: 2, cohort_size: 2, active: 0 },
      { cohort: '2024-02', offset: 0, cohort_size: 1, active: 1 },
      { cohort: '2024-02', offset: 1, cohort_size: 1, active: 0 },
    ]);
    const users = aq.from([{ user_id: 'c', joined: '2024-03-01T00:00:00Z' }]);
    const bySignup = cohortMatrix(
      orders,
      { cohortBy: 'signup', signupColumn: 'joined', asOf: '2024-03-31' },
      users,
    );
    assert.deepEqual(pick(bySignup.cells, 'cohort', 'offset', 'cohort_size', 'active'), [
      { cohort: '2024-03', offset: 0, cohort_size: 1, active: 1 },
    ]);
  });

  it('gives the same cells for typed columns from load() as for a hand-built table', () => {
    const dict = new Dictionary();
    const ids = orders.array('user_id') as string[];
    // As load() makes it: typed columns, and the zone its timestamps were read in.
    const typed = withTimeZone(
      aq.table({
        user_id: new DictionaryColumn(
          Int32Array.from(ids, (id) => dict.encode(id)),
          dict,
        ),
        ts: new TimestampColumn(Float64Array.from(orders.array('ts') as string[], (t) => Date.parse(t))),
        amount: Float64Array.from(orders.array('amount') as number[]),
      }),
      'UTC',
    );
    const spec = { amount: 'amount', asOf: '2024-03-31' };
    assert.deepEqual(cohortMatrix(typed, spec).cells.objects(), cohortMatrix(orders, spec).cells.objects());
  });

  it('reads only the rows of a filtered arquero table', () => {
    const spec = { asOf: '2024-03-31' };
    const januaryOnly = orders.filter((d: { ts: string }) => d.ts < '2024-02');
    assert.deepEqual(
      cohortMatrix(januaryOnly, spec).cells.objects(),
      cohortMatrix(aq.from(januaryOnly.objects()), spec).cells.objects(),
    );
    assert.equal(cohortMatrix(januaryOnly, spec).cells.get('cohort_size', 0), 2);
    assert.equal(cohortMatrix(januaryOnly, spec).cells.numRows(), 3);
  });

  it('rejects bad options and input', () => {
    assert.throws(
      () => cohortMatrix(orders, { period: 'year' as never }),
      (e: unknown) => e instanceof SpecError && /invalid period: "year"/.test((e as Error).message),
    );
    assert.throws(() => cohortMatrix(orders, { cohortBy: 'signup' }), SpecError);
    assert.throws(
      () => cohortMatrix(orders, { amount: 'revenue' }),
      (e: unknown) => e instanceof InputError && /revenue/.test((e as Error).message),
    );
    assert.throws(
      () => cohortMatrix(aq.from([{ user_id: 'a', ts: null }])),
      (e: unknown) => e instanceof InputError && /row 1/.test((e as Error).message),
    );
  });
});

describe('countActivity', () => {
  it('gives the same cells and memberships with the bitset and with per-user sorted periods', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ user: fc.integer({ min: 0, max: 19 }), period: fc.integer({ min: -1, max: 9 }) }),
          {
            maxLength: 120,
          },
        ),
        fc.array(fc.integer({ min: -1, max: 9 }), { minLength: 20, maxLength: 20 }),
        (rows, cohortOf) => {
          const codes = Int32Array.from(rows, (r) => r.user);
          const rel = Int32Array.from(rows, (r) => r.period);
          const cohort = Int32Array.from(cohortOf);
          const amount = Float64Array.from(rows, (_, i) => i % 7);
          const bits = countActivity(codes, rel, cohort, 10, 6, amount);
          const lists = countActivity(codes, rel, cohort, 10, 6, amount, 0);
          assert.deepEqual(lists.active, bits.active);
          assert.ok(bits.revenueMicros);
          assert.deepEqual(lists.revenueMicros, bits.revenueMicros);
          for (let u = 0; u < 20; u++) {
            for (let off = 0; off < 6; off++) assert.equal(lists.activeIn(u, off), bits.activeIn(u, off));
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
