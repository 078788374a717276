import assert from 'node:assert/strict';
import * as aq from 'arquero';
import fc from 'fast-check';
import { retention } from '../../../../kernel-lib/src/metrics/retention/retention.js';
import { cohortMatrix } from '../../../../kernel-lib/src/metrics/cohort/cohort.js';
import { activeUsers } from '../../../../kernel-lib/src/metrics/activeUsers/activeUsers.js';
import { repurchase } from '../../../../kernel-lib/src/metrics/repurchase/repurchase.js';

interface Row {
  user_id: string;
  ts: string;
  event: string;
}

const AS_OF = '2024-02-20';
const rowArb = fc.record({
  user: fc.integer({ min: 0, max: 11 }),
  day: fc.integer({ min: 0, max: 50 }),
  hour: fc.integer({ min: 0, max: 23 }),
  event: fc.constantFrom('visit', 'purchase'),
});
const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 80 }).map((rows) =>
  rows.map((r): Row => ({
    user_id: `u${r.user}`,
    ts: new Date(Date.UTC(2024, 0, 1 + r.day, r.hour)).toISOString(),
    event: r.event,
  })),
);
const specArb = fc.record({
  mode: fc.constantFrom('onDay' as const, 'onOrAfter' as const),
  window: fc.constantFrom('calendar' as const, 'rolling24h' as const),
  period: fc.constantFrom('day' as const, 'week' as const),
  start: fc.constantFrom('first' as const, 'recurring' as const),
});

type Cells = Record<string, unknown>[];
const objects = (t: aq.ColumnTable) => t.objects() as Cells;

/** Sums counts of result rows by key; a key missing on one side counts as 0. */
function sumBy(
  rows: Cells,
  key: (r: Record<string, unknown>) => string,
  fields: string[],
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const k = key(r);
    const acc = out.get(k) ?? fields.map(() => 0);
    fields.forEach((f, i) => (acc[i] += (r[f] as number) ?? 0));
    out.set(k, acc);
  }
  return out;
}
function assertSumsEqual(whole: Map<string, number[]>, a: Map<string, number[]>, b: Map<string, number[]>) {
  const keys = new Set([...whole.keys(), ...a.keys(), ...b.keys()]);
  for (const k of keys) {
    const width = (whole.get(k) ?? a.get(k) ?? b.get(k))!.length;
    const zeros = new Array<number>(width).fill(0);
    const [w, x, y] = [whole.get(k) ?? zeros, a.get(k) ?? zeros, b.get(k) ?? zeros];
    assert.deepEqual(
      w,
      x.map((v, i) => v + y[i]),
      k,
    );
  }
}
const halves = (rows: Row[]) => [
  rows.filter((r) => Number(r.user_id.slice(1)) % 2 === 0),
  rows.filter((r) => Number(r.user_id.slice(1)) % 2 === 1),
];

describe('retention, cohortMatrix, activeUsers and repurchase: properties', () => {
  it('retention rates lie in [0, 1], inside their interval, and retained never exceeds the cohort', () => {
    fc.assert(
      fc.property(rowsArb, specArb, (rows, spec) => {
        const r = retention(aq.from(rows), { ...spec, periods: 4, asOf: AS_OF, returnEvent: 'visit' });
        for (const c of [...objects(r.cells), ...objects(r.total)]) {
          if (!c.complete) {
            assert.equal(c.rate, null);
            continue;
          }
          const rate = c.rate as number;
          assert.ok(rate >= 0 && rate <= 1);
          assert.ok((c.rate_low as number) <= rate + 1e-12 && rate <= (c.rate_high as number) + 1e-12);
          assert.ok((c.retained as number) <= (c.cohort_size as number));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('period-0 retention of first-time starts is 100 % (the start counts as activity in its own period)', () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom('day' as const, 'week' as const), (rows, period) => {
        const r = retention(aq.from(rows), { period, periods: 2, asOf: AS_OF });
        for (const c of objects(r.cells)) if (c.offset === 0 && c.complete) assert.equal(c.rate, 1);
        for (const c of objects(cohortMatrix(aq.from(rows), { period, asOf: AS_OF }).cells)) {
          if (c.offset === 0 && c.complete) assert.equal(c.rate, 1);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('does not depend on row order', () => {
    fc.assert(
      fc.property(rowsArb, specArb, (rows, spec) => {
        const reversed = [...rows].reverse();
        const s = { ...spec, periods: 3, asOf: AS_OF };
        assert.deepEqual(
          objects(retention(aq.from(reversed), s).cells),
          objects(retention(aq.from(rows), s).cells),
        );
        const m = { asOf: AS_OF, period: 'week' as const };
        assert.deepEqual(
          objects(cohortMatrix(aq.from(reversed), m).cells),
          objects(cohortMatrix(aq.from(rows), m).cells),
        );
        const a = { asOf: AS_OF, period: 'week' as const, window: 'rolling' as const };
        assert.deepEqual(
          objects(activeUsers(aq.from(reversed), a).table),
          objects(activeUsers(aq.from(rows), a).table),
        );
        const p = { asOf: AS_OF, windowDays: 10 };
        const [r1, r2] = [repurchase(aq.from(reversed), p), repurchase(aq.from(rows), p)];
        assert.deepEqual(objects(r1.periods), objects(r2.periods));
        assert.deepEqual(r1.summary, r2.summary);
      }),
      { numRuns: 30 },
    );
  });

  it('splitting users into two halves and summing the counts gives the whole', () => {
    fc.assert(
      fc.property(rowsArb, specArb, (rows, spec) => {
        const [a, b] = halves(rows);
        fc.pre(a.length > 0 && b.length > 0);
        const calendar = { ...spec, window: 'calendar' as const, periods: 3, asOf: AS_OF };
        const cellKey = (r: Record<string, unknown>) => `${r.cohort}/${r.offset}/${r.complete}`;
        const ret = (t: Row[]) =>
          sumBy(objects(retention(aq.from(t), calendar).cells), cellKey, ['cohort_size', 'retained']);
        assertSumsEqual(ret(rows), ret(a), ret(b));
        const coh = (t: Row[]) =>
          sumBy(objects(cohortMatrix(aq.from(t), { asOf: AS_OF, period: 'week' }).cells), cellKey, [
            'cohort_size',
            'active',
          ]);
        assertSumsEqual(coh(rows), coh(a), coh(b));
        const act = (t: Row[]) =>
          sumBy(
            objects(activeUsers(aq.from(t), { asOf: AS_OF, period: 'week' }).table),
            (r) => String(r.period),
            ['active', 'new'],
          );
        assertSumsEqual(act(rows), act(a), act(b));
        const rep = (t: Row[]) =>
          sumBy(objects(repurchase(aq.from(t), { asOf: AS_OF }).periods), (r) => String(r.period), [
            'paying_users',
            'first_order_users',
            'repeat_buyers',
          ]);
        assertSumsEqual(rep(rows), rep(a), rep(b));
      }),
      { numRuns: 30 },
    );
  });
});
