import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { cohortMatrix } from '../../../../kernel-lib/src/metrics/cohort/cohort.js';
import type { CohortMatrixSpec } from '../../../../kernel-lib/src/metrics/cohort/spec.js';
import { chdbEngine } from '../../../../kernel-lib/src/sql/chdb.js';
import { duckdb } from '../../../../kernel-lib/src/sql/duckdb.js';
import { cohortMatrixSql } from '../../../../kernel-lib/src/sql/metrics/cohort.js';
import { writeParquet, type OrderRow } from '../../sql/parityData.js';
import { partsClose } from '../../sql/parityEngines.js';

const at = (iso: string) => Date.parse(iso);
/** Sign-ups: a on Wednesday 8 Jan 2020 10:00 (after Monday's activity), b on Monday, c after the last event. */
const SIGNUPS: OrderRow[] = [
  { user_id: 'a', ts: at('2020-01-08T10:00:00Z'), amount: 0, line: 'web' },
  { user_id: 'b', ts: at('2020-01-06T08:00:00Z'), amount: 0, line: 'web' },
  { user_id: 'c', ts: at('2020-01-20T08:00:00Z'), amount: 0, line: 'app' },
  { user_id: 'd', ts: at('2020-01-13T10:00:00Z'), amount: 0, line: 'app' },
];
/** a is active on Monday (before signing up) and the next Tuesday; d an hour before signing up, then later. */
const EVENTS: OrderRow[] = [
  { user_id: 'a', ts: at('2020-01-06T10:00:00Z'), amount: 5, line: 'x' },
  { user_id: 'a', ts: at('2020-01-14T10:00:00Z'), amount: 7, line: 'x' },
  { user_id: 'b', ts: at('2020-01-06T10:00:00Z'), amount: 3, line: 'x' },
  { user_id: 'd', ts: at('2020-01-13T09:00:00Z'), amount: 2, line: 'x' },
  { user_id: 'd', ts: at('2020-01-15T11:00:00Z'), amount: 4, line: 'x' },
];
const events = aq.from(EVENTS.map((r) => ({ ...r, ts: new Date(r.ts) })));
const users = aq.from(SIGNUPS.map((r) => ({ user_id: r.user_id, registered_at: new Date(r.ts) })));
const cell = (cells: aq.ColumnTable, cohort: string, offset: number) =>
  cells
    .objects()
    .find(
      (r) => (r as { cohort: string }).cohort === cohort && (r as { offset: number }).offset === offset,
    ) as Record<string, unknown> | undefined;

describe('cohortMatrix by sign-up: as-of default and activity before sign-up', () => {
  it('defaults the as-of to the later of the last event and the last sign-up, and says so', () => {
    const m = cohortMatrix(events, { cohortBy: 'signup', period: 'week' }, users);
    assert.equal(m.asOf, '2020-01-20');
    assert.equal(m.asOfRule, 'lastEventOrSignup');
    // c signed up after the last event: still in a cohort (before: as-of 2020-01-15, c in none).
    const sizes = new Set(
      m.cells
        .objects()
        .map((r) => `${(r as { cohort: string }).cohort}:${(r as { cohort_size: number }).cohort_size}`),
    );
    assert.ok(
      [...sizes].some((s) => s.endsWith(':1') && s.startsWith('2020-01-20')),
      [...sizes].join(' '),
    );
    assert.equal(cohortMatrix(events, { period: 'week' }).asOfRule, 'lastEvent');
    assert.equal(cohortMatrix(events, { asOf: '2020-02-01' }).asOfRule, 'given');
  });

  it('does not count activity before the sign-up instant, even in the sign-up period', () => {
    const weeks = cohortMatrix(events, { cohortBy: 'signup', period: 'week', amount: 'amount' }, users).cells;
    // Week of 6 Jan: a and b signed up; only b was active after signing up that week.
    assert.deepEqual(
      [cell(weeks, '2020-01-06', 0)!.cohort_size, cell(weeks, '2020-01-06', 0)!.active],
      [2, 1],
    );
    assert.equal(cell(weeks, '2020-01-06', 0)!.revenue, 3);
    assert.equal(cell(weeks, '2020-01-06', 1)!.active, 1, 'a, on 14 Jan');
    const days = cohortMatrix(events, { cohortBy: 'signup', period: 'day' }, users).cells;
    // d signed up at 10:00 on 13 Jan; the 09:00 event that day does not count.
    assert.equal(cell(days, '2020-01-13', 0)!.active, 0);
    assert.equal(cell(days, '2020-01-13', 2)!.active, 1);
  });

  it('the same cells and as-of on DuckDB and chdb', async function () {
    this.timeout(60_000);
    const eventsFile = await writeParquet(EVENTS, {
      user_id: 'user_id',
      ts: 'ts',
      amount: 'amount',
      line: 'line',
    });
    const usersFile = await writeParquet(SIGNUPS, {
      user_id: 'user_id',
      ts: 'registered_at',
      amount: 'amount',
      line: 'channel',
    });
    const specs: CohortMatrixSpec[] = [
      { cohortBy: 'signup', period: 'week', amount: 'amount' },
      { cohortBy: 'signup', period: 'day' },
      {
        cohortBy: 'signup',
        period: 'day',
        activityEvent: { column: 'line', values: ['x'] },
        amount: 'amount',
      },
    ];
    for (const engine of [await duckdb({ threads: 1 }), await chdbEngine()]) {
      try {
        for (const spec of specs) {
          const expected = cohortMatrix(events, spec, users);
          const actual = await cohortMatrixSql(
            engine,
            { events: { file: eventsFile }, users: { file: usersFile } },
            spec,
          );
          partsClose<typeof expected>('asOf', 'asOfRule', 'cells')(
            actual,
            expected,
            `${engine.dialect} ${JSON.stringify(spec)}`,
          );
        }
      } finally {
        await engine.close();
      }
    }
  });
});
