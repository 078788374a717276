import assert from 'node:assert/strict';
import { clvSummary } from '../../../kernel-lib/src/metrics/clv/summary.js';
import type { ClvSummarySpec } from '../../../kernel-lib/src/metrics/clv/spec.js';
import { clvSummarySql } from '../../../kernel-lib/src/sql/metrics/clv.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { asTable, parityOrders, writeParquet } from './parityData.js';

const SPECS: ClvSummarySpec[] = [
  { timeUnit: 'day', end: '2017-02-20' },
  {
    timeUnit: 'day',
    durationUnit: 'week',
    end: '2017-02-20',
    calibrationEnd: '2016-09-30',
    timeZone: 'Asia/Shanghai',
  },
  { timeUnit: 'week', end: '2016-12-31', calibrationEnd: '2016-06-30', timeZone: 'Europe/London' },
  { timeUnit: 'month', end: '2017-01-31', calibrationEnd: '2016-08-31', timeZone: 'America/New_York' },
];

describe('clvSummarySql: the same summary as clvSummary() on DuckDB and chdb', function () {
  this.timeout(120_000);
  const rows = parityOrders(19, 3000);
  const memory = asTable(rows);
  let file = '';
  const engines: { name: string; engine: SqlEngine }[] = [];
  before(async () => {
    file = await writeParquet(rows, { user_id: 'user_id', ts: 'ts', amount: 'amount', line: 'line' });
    engines.push({ name: 'duckdb', engine: await duckdb({ threads: 2 }) });
    engines.push({ name: 'chdb', engine: await chdbEngine() });
  });
  after(async () => {
    for (const e of engines) await e.engine.close();
  });

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = clvSummary(memory, spec);
      assert.ok(expected.counts.repeatBuyers > 50, 'repeat buyers');
      const sorted = expected.customers.orderby('user_id').objects();
      for (const { name, engine } of engines) {
        const got = await clvSummarySql(engine, { file }, spec);
        assert.deepEqual(got.counts, expected.counts, `${name} counts`);
        assert.deepEqual(got.customers.columnNames(), expected.customers.columnNames(), `${name} columns`);
        const actual = got.customers.objects();
        assert.equal(actual.length, sorted.length, `${name} rows`);
        // Durations and counts are exact; mean money is a sum of whole millionths divided once, so exact too.
        assert.deepEqual(actual, sorted, `${name} rows`);
        assert.deepEqual(got.definitions, expected.definitions);
      }
    });
  }
});
