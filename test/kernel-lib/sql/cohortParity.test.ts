import assert from 'node:assert/strict';
import { cohortMatrix } from '../../../kernel-lib/src/metrics/cohort/cohortMatrix.js';
import type { CohortMatrixSpec } from '../../../kernel-lib/src/metrics/cohort/spec.js';
import { cohortMatrixSql } from '../../../kernel-lib/src/sql/metrics/cohort.js';
import { asTable, parityOrders } from './parityData.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

const SPECS: CohortMatrixSpec[] = [
  {},
  { amount: 'amount' },
  { period: 'week', timeZone: 'Asia/Shanghai', periods: 8 },
  { period: 'day', asOf: '2016-03-01', amount: 'amount', timeZone: 'America/New_York' },
  { activityEvent: { column: 'line', values: ['fund'] }, asOf: '2016-11-15' },
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
        partsClose('asOf', 'cells'),
      );
    });
  }

  it('refuses sign-up cohorts, which need the users table', async () => {
    await assert.rejects(
      cohortMatrixSql(run().engines[0].engine, run().engines[0].source, { cohortBy: 'signup' }),
      /invalid cohortBy/,
    );
  });
});
