import assert from 'node:assert/strict';
import { cohortMatrix } from '../../../kernel-lib/src/metrics/cohort/cohort.js';
import type { CohortMatrixSpec } from '../../../kernel-lib/src/metrics/cohort/spec.js';
import { cohortMatrixSql } from '../../../kernel-lib/src/sql/metrics/cohort.js';
import { cohortHeatmap } from '../../../kernel-lib/src/present/cohortFigures.js';
import { cohortTable } from '../../../kernel-lib/src/present/cohortTables.js';
import { asTable, parityOrders, rowsOf } from './parityData.js';
import { userDataEngines } from './parityUsers.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

const SPECS: CohortMatrixSpec[] = [
  {},
  { amount: 'amount' },
  { period: 'week', timeZone: 'Asia/Shanghai', periods: 8 },
  { period: 'day', asOf: '2016-03-01', amount: 'amount', timeZone: 'America/New_York' },
  { activityEvent: { column: 'line', values: ['fund'] }, asOf: '2016-11-15' },
  { period: 'week', amount: 'amount', asOf: '2016-11-16', partialPeriods: 'count' },
];

/** Sign-up cohorts from the users source (some users never order). */
const SIGNUP_SPECS: CohortMatrixSpec[] = [
  { cohortBy: 'signup' },
  { cohortBy: 'signup', period: 'week', amount: 'amount', timeZone: 'Asia/Shanghai', periods: 8 },
  { cohortBy: 'signup', period: 'day', asOf: '2016-03-01', timeZone: 'America/New_York' },
  { cohortBy: 'signup', activityEvent: { column: 'line', values: ['fund'] }, amount: 'amount' },
  { cohortBy: 'signup', period: 'month', asOf: '2016-11-16', partialPeriods: 'count' },
];

describe('cohortMatrixSql: the same cells as cohortMatrix() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(180_000);
  const rows = parityOrders(42, 3000);
  const memory = asTable(rows);
  const run = engineHooks(() => parityEngines(rows));

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = cohortMatrix(memory, spec);
      assert.ok(expected.cells.numRows() > 10);
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => cohortMatrixSql(e.engine, e.source, spec),
        partsClose('asOf', 'asOfRule', 'cells'),
      );
    });
  }

  it('marks the same in-progress cells in the heat map and the table from SQL results', async () => {
    const spec: CohortMatrixSpec = { period: 'month', asOf: '2017-01-20', partialPeriods: 'count' };
    const expected = cohortMatrix(memory, spec);
    const marks = cohortHeatmap(expected).data[1] as { x: string[] };
    assert.ok(marks.x.length > 5, 'the as-of month is in progress for every cohort');
    await sameOnEveryEngine(
      run().engines,
      expected,
      (e) => cohortMatrixSql(e.engine, e.source, spec),
      (actual, x, name) => {
        assert.deepEqual(cohortHeatmap(actual), cohortHeatmap(x), `${name}: heat map`);
        assert.deepEqual(cohortTable(actual).rows, cohortTable(x).rows, `${name}: table`);
      },
    );
  });

  it('needs a users source for sign-up cohorts', async () => {
    await assert.rejects(
      cohortMatrixSql(run().engines[0].engine, run().engines[0].source, { cohortBy: 'signup' }),
      /invalid cohortBy.*users source/,
    );
  });
});

describe('cohortMatrixSql by sign-up: the same cells as cohortMatrix() with a users table', function () {
  this.timeout(180_000);
  const run = engineHooks(() => userDataEngines(23, 2500));

  for (const spec of SIGNUP_SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const { memory } = run();
      const expected = cohortMatrix(memory.orders!, spec, memory.users);
      const cells = rowsOf(expected.cells);
      assert.ok(cells.length > 10);
      // Sizes count users who never ordered: more than the active at offset 0 somewhere.
      assert.ok(cells.some((r) => r.offset === 0 && Number(r.cohort_size) > Number(r.active)));
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => cohortMatrixSql(e.engine, { events: e.sources.orders!, users: e.sources.users }, spec),
        partsClose('asOf', 'asOfRule', 'cells'),
      );
    });
  }
});
