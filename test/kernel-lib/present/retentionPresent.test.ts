import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { retention } from '../../../kernel-lib/src/metrics/retention/retention.js';
import { retentionMatrixTable, retentionTable } from '../../../kernel-lib/src/present/retentionTables.js';
import { retentionCurves } from '../../../kernel-lib/src/present/retentionFigures.js';
import { tableHtml } from '../../../kernel-lib/src/present/html.js';
import { threeUsersEvents as events } from '../../support/threeUsersEvents.js';

describe('retention displays', () => {
  it('tabulates totals with percent rates, heat and bilingual labels', () => {
    const t = retentionTable(retention(events, { days: [1, 2] }));
    const rate = t.columns.find((c) => c.name === 'rate')!;
    assert.deepEqual([rate.labelZh, rate.format, rate.heat], ['留存率', 'percent', true]);
    // Day 1: all three cohorts complete (a and c return) → 2/3. Day 2: only the 01-01 cohort is complete.
    assert.deepEqual(
      t.rows.map((r) => r.slice(0, 5)),
      [
        ['all', '1', 3, 2, 2 / 3],
        ['all', '2', 2, 0, 0],
      ],
    );
    assert.ok(t.notes!.some((n) => /blank, not zero/.test(n)));
    assert.match(tableHtml(t), /留存率/);
  });

  it('lays cohorts out as a matrix with blank incomplete cells', () => {
    const t = retentionMatrixTable(retention(events, { days: [1, 2] }));
    assert.deepEqual(t.rows, [
      ['2024-01-01', 2, 0.5, 0],
      ['2024-01-02', 1, 1, null],
    ]);
    assert.equal(t.columns[2].labelZh, '第1天');
  });

  it('presents a breakdown column by its worded name, not the raw one (issue 17)', () => {
    const rows = events.objects().map((r) => ({ ...r, first_window_bucket: 'a' }));
    const t = retentionTable(retention(aq.from(rows), { days: [1], breakdown: 'first_window_bucket' }));
    const col = t.columns.find((c) => c.name === 'first_window_bucket')!;
    assert.deepEqual([col.label, col.labelZh], ['First-window orders', '首个窗口订单数']);
    const other = retentionTable(retention(events, { days: [1], breakdown: 'platform' }));
    const platform = other.columns.find((c) => c.name === 'platform')!;
    assert.deepEqual([platform.label, platform.labelZh], ['Platform', '分组']);
  });

  it('draws one curve per group with an interval band, leaving unobservable offsets out', () => {
    const fig = retentionCurves(retention(events, { days: [1, 2], breakdown: 'platform' }));
    const lines = fig.data.filter((d) => d.mode === 'lines+markers');
    const bands = fig.data.filter((d) => d.fill === 'toself');
    assert.deepEqual(
      lines.map((l) => [l.name, l.x, l.y]),
      [
        ['H5', [1, 2], [0, 0]],
        ['iOS', [1, 2], [1, 0]],
      ],
    );
    assert.equal(bands.length, 2);
    assert.equal((bands[1].y as number[]).length, 4);
  });
});
