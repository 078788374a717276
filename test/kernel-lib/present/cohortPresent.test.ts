import assert from 'node:assert/strict';
import { cohortMatrix } from '../../../kernel-lib/src/metrics/cohort/cohort.js';
import { cohortHeatmap } from '../../../kernel-lib/src/present/cohortFigures.js';
import { cohortTable } from '../../../kernel-lib/src/present/cohortTables.js';
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
    // March is in progress: its cells carry the in-progress mark (Feb +2 is not reached: no cell).
    assert.deepEqual(trace.text, [
      ['100.0%', '50.0%', '◔'],
      ['100.0%', '◔', ''],
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
        ['in_progress', '◔ 进行中', 'string', false],
      ],
    );
    assert.deepEqual(t.rows, [
      ['2024-01', 2, 1, 0.5, null, '+2 ◔'],
      ['2024-02', 1, 1, null, null, '+1 ◔'],
    ]);
    assert.match(tableHtml(t), /第1月/);
  });

  it("marks in-progress cells: blank under 'blank', the counts so far under 'count', with a legend entry", () => {
    for (const partialPeriods of ['blank', 'count'] as const) {
      const r = cohortMatrix(orders, { amount: 'amount', asOf: '2024-03-15', partialPeriods });
      const fig = cohortHeatmap(r);
      const heat = fig.data[0] as Record<string, unknown>;
      const marks = fig.data[1] as Record<string, unknown>;
      assert.equal(marks.type, 'scatter', partialPeriods);
      assert.match(String(marks.name), /in progress 进行中/);
      assert.equal(marks.showlegend, true);
      assert.deepEqual(
        [marks.x, marks.y],
        [
          ['2', '1'],
          ['2024-01 (2)', '2024-02 (1)'],
        ],
      );
      const z = heat.z as (number | null)[][];
      const running = [z[0][2], z[1][1]];
      if (partialPeriods === 'blank') assert.deepEqual(running, [null, null]);
      else {
        const cells = r.cells.objects() as { complete: boolean; rate: number }[];
        assert.deepEqual(
          running,
          cells.filter((c) => !c.complete).map((c) => c.rate),
        );
        assert.ok(running.every((v) => v !== null));
        assert.match((heat.text as string[][])[0][2], /%.*◔$/);
      }
      const t = cohortTable(r);
      assert.match(t.notes!.join('\n'), /◔ in progress 进行中/);
      assert.deepEqual(
        t.rows.map((row) => row[row.length - 1]),
        ['+2 ◔', '+1 ◔'],
      );
    }
  });

  it('a matrix with every period complete has no in-progress marks', () => {
    const r = cohortMatrix(orders, { amount: 'amount', asOf: '2024-03-31' });
    assert.equal(cohortHeatmap(r).data.length, 1);
    assert.ok(cohortTable(r).rows.every((row) => row[row.length - 1] === ''));
  });
});
