import assert from 'node:assert/strict';
import { cohortMatrix } from '../../../kernel-lib/src/metrics/cohort/cohortMatrix.js';
import { cohortHeatmap, cohortTable } from '../../../kernel-lib/src/present/cohortHeatmap.js';
import { tableHtml } from '../../../kernel-lib/src/present/html.js';
import { cohortOrders } from '../../support/cohortOrders.js';

// As of 2024-03-15 March is running: a's and c's March orders fall in incomplete or unreached cells.
const orders = cohortOrders;
const m = cohortMatrix(orders, { amount: 'amount', asOf: '2024-03-15' });

describe('cohortHeatmap / cohortTable', () => {
  it('draws rates with incomplete cells blank (null), cohorts top-down', () => {
    const fig = cohortHeatmap(m);
    const trace = fig.data[0] as Record<string, unknown>;
    assert.equal(trace.type, 'heatmap');
    assert.deepEqual(trace.y, ['2024-01 (2)', '2024-02 (1)']);
    assert.deepEqual(trace.x, ['0', '1', '2']);
    // March is running on 2024-03-15: Jan +2 and Feb +1 are blank; Feb +2 is not reached yet.
    assert.deepEqual(trace.z, [
      [1, 0.5, null],
      [1, null, null],
    ]);
    assert.deepEqual(trace.text, [
      ['100.0%', '50.0%', ''],
      ['100.0%', '', ''],
    ]);
    assert.equal((fig.layout.yaxis as Record<string, unknown>).autorange, 'reversed');
  });

  it('shows LTV and names a value the matrix lacks', () => {
    assert.deepEqual((cohortHeatmap(m, 'ltv').data[0] as Record<string, unknown>).z, [
      [75, 90, null],
      [80, null, null],
    ]);
    assert.throws(() => cohortHeatmap(cohortMatrix(orders), 'ltv'), /invalid value: "ltv".*spec.amount/);
  });

  it('builds a heat-coloured Fupan table with bilingual headers', () => {
    const t = cohortTable(m);
    assert.deepEqual(
      t.columns.map((c) => [c.name, c.labelZh, c.format, c.heat ?? false]),
      [
        ['cohort', '同期群', 'string', false],
        ['cohort_size', '人数', 'integer', false],
        ['m0', '第0月', 'percent', true],
        ['m1', '第1月', 'percent', true],
        ['m2', '第2月', 'percent', true],
      ],
    );
    assert.deepEqual(t.rows, [
      ['2024-01', 2, 1, 0.5, null],
      ['2024-02', 1, 1, null, null],
    ]);
    assert.match(tableHtml(t), /第1月/);
  });
});
