import assert from 'node:assert/strict';
import { retention } from '../../../kernel-lib/src/metrics/retention/retention.js';
import type { RetentionSpec } from '../../../kernel-lib/src/metrics/retention/spec.js';
import { retentionSql } from '../../../kernel-lib/src/sql/metrics/retention.js';
import { asTable, parityOrders, rowsOf } from './parityData.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

const SPECS: RetentionSpec[] = [
  {},
  { mode: 'onOrAfter', days: [1, 7, 30], timeZone: 'Asia/Shanghai' },
  {
    mode: 'brackets',
    brackets: [
      [0, 0],
      [1, 7],
      [8, 30],
      [31, 90],
    ],
    asOf: '2016-10-01',
  },
  { start: 'recurring', period: 'week', periods: 6, cohortPeriod: 'month' },
  { window: 'rolling24h', days: [1, 3, 7], timeZone: 'America/New_York' },
  {
    period: 'month',
    periods: 4,
    startEvent: { column: 'line', values: ['loan'] },
    returnEvent: { column: 'line', values: ['fund'] },
  },
];

describe('retentionSql: the same cells and totals as retention() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(180_000);
  const rows = parityOrders(99, 2500);
  const memory = asTable(rows);
  const run = engineHooks(() => parityEngines(rows));

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = retention(memory, spec);
      assert.ok(expected.cells.numRows() > 10);
      assert.ok(
        rowsOf(expected.cells).some((r) => Number(r.retained) > 0),
        'some users return',
      );
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => retentionSql(e.engine, e.source, spec),
        partsClose('asOf', 'cells', 'total'),
      );
    });
  }

  it('refuses what runs in memory only', async () => {
    const { engine, source } = run().engines[0];
    await assert.rejects(retentionSql(engine, source, { breakdown: 'line' }), /invalid breakdown/);
    await assert.rejects(
      retentionSql(engine, source, { startColumn: 'registered_at' }),
      /invalid startColumn/,
    );
  });
});
