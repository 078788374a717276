import assert from 'node:assert/strict';
import { rfm, rfmMigration } from '../../../kernel-lib/src/metrics/rfm/index.js';
import {
  rfmHeatmap,
  rfmMigrationSankey,
  rfmSegmentBars,
} from '../../../kernel-lib/src/present/rfmFigures.js';
import { rfmTable } from '../../../kernel-lib/src/present/rfmTables.js';
import { SpecError } from '../../../kernel-lib/src/errors.js';
import { fiveUsers } from '../metrics/rfm/fixture.js';

describe('rfm presentation', () => {
  const result = rfm(fiveUsers(), { scoring: { method: 'mean' } });

  it('rfmTable: bilingual headers, shares as percent fractions, thresholds as notes', () => {
    const table = rfmTable(result);
    assert.equal(table.titleZh, 'RFM 客户分群(截至 2020-01-11)');
    assert.deepEqual(
      table.columns.map((c) => [c.name, c.labelZh, c.format]),
      [
        ['segment_zh', '客户分群', 'string'],
        ['segment_en', '分群(英文)', 'string'],
        ['users', '用户数', 'integer'],
        ['share', '用户占比', 'percent'],
        ['mean_recency', '平均最近消费间隔(天)', 'number'],
        ['mean_frequency', '平均消费次数', 'number'],
        ['mean_monetary', '平均消费金额', 'currency'],
        ['total_monetary', '消费金额合计', 'currency'],
      ],
    );
    assert.deepEqual(table.rows[0], ['重要价值客户', 'Important value', 1, 0.2, 6, 3, 180, 180]);
    assert.deepEqual(table.rows[2].slice(0, 4), ['重要保持客户', 'Important retention', 0, 0]);
    assert.equal(table.rows[2][6], null);
    // recency high = below the mean 11.6: users with 1, 2, 6, 8 days
    assert.match(
      table.notes![0],
      /^R: mean, 2 scores, high = score ≥ 2 \(values 1–8\); F: .*M: mean, 2 scores, high = score ≥ 2 \(values 180–400\)$/,
    );
  });
  it('rfmSegmentBars: one horizontal bar per segment with bilingual labels and shares', () => {
    const fig = rfmSegmentBars(result);
    assert.equal(fig.data.length, 1);
    const bars = fig.data[0] as any;
    assert.equal(bars.orientation, 'h');
    assert.equal(bars.y[0], '重要价值客户<br>Important value');
    assert.deepEqual(bars.x, [1, 1, 0, 1, 1, 1, 0, 0]);
    assert.equal(bars.text[0], '20.0%');
  });
  it('rfmSegmentBars: one series per group', () => {
    const grouped = rfm(fiveUsers().derive({ product_line: (d: any) => (d.amount > 40 ? 'big' : 'small') }), {
      groupBy: 'product_line',
      scoring: { method: 'mean' },
    });
    assert.deepEqual(
      rfmSegmentBars(grouped).data.map((d: any) => d.name),
      ['big', 'small'],
    );
  });
  it('rfmHeatmap: users per (F score, R score) cell', () => {
    const fig = rfmHeatmap(rfm(fiveUsers()));
    const z = (fig.data[0] as any).z as number[][];
    // quantile scores (r, f): u1 (3,5), u2 (5,1), u3 (2,4), u4 (4,1), u5 (1,1)
    assert.equal(z[4][2], 1);
    assert.equal(z[0][4], 1);
    assert.equal(z[3][1], 1);
    assert.equal(z[0][3], 1);
    assert.equal(z[0][0], 1);
    assert.equal(
      z.flat().reduce((a, b) => a + b, 0),
      5,
    );
    const money = (rfmHeatmap(rfm(fiveUsers()), { value: 'monetary' }).data[0] as any).z as (
      number | null
    )[][];
    assert.equal(money[4][2], 180);
    assert.equal(money[1][1], null);
    assert.throws(() => rfmHeatmap(result, { group: 'P' }), SpecError);
  });
  it('rfmMigrationSankey: one link per non-empty move', () => {
    const move = rfmMigration(rfm(fiveUsers(), { scoring: { method: 'mean' }, asOf: '2020-01-06' }), result);
    const fig = rfmMigrationSankey(move);
    const link = (fig.data[0] as any).link;
    assert.equal(link.value.length, 5);
    assert.equal((fig.data[0] as any).node.label.length, 18);
    const i = link.customdata.indexOf('generalValue → importantValue');
    assert.equal(link.source[i], 4);
    assert.equal(link.target[i], 9);
    assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig);
  });
});
