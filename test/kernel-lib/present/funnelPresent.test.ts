import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { funnel } from '../../../kernel-lib/src/metrics/funnel/funnel.js';
import { funnelChart } from '../../../kernel-lib/src/present/funnelFigures.js';
import { funnelTable } from '../../../kernel-lib/src/present/funnelTables.js';

const events = aq.from([
  { user_id: 'a', ts: '2024-01-01T00:00:00Z', event: 'view', channel: 'x' },
  { user_id: 'a', ts: '2024-01-01T00:02:00Z', event: 'buy', channel: 'x' },
  { user_id: 'b', ts: '2024-01-01T00:00:00Z', event: 'view', channel: 'y' },
]);
const result = funnel(events, {
  steps: [{ event: 'view', label: 'view', labelZh: '浏览' }, 'buy'],
  breakdownBy: 'channel',
});

describe('funnel presentation', () => {
  it('funnelChart is a plotly funnel of users per step', () => {
    const fig = funnelChart(result);
    assert.equal(fig.data[0].type, 'funnel');
    assert.deepEqual(fig.data[0].x, [2, 1]);
    assert.deepEqual(fig.data[0].y, ['view<br>浏览', 'buy']);
    const by = funnelChart(result, { byBreakdown: true });
    assert.deepEqual(
      by.data.map((d) => [d.name, d.x]),
      [
        ['x', [1, 1]],
        ['y', [1, 0]],
      ],
    );
    const named = funnelChart(result, { byBreakdown: true, breakdownLabels: { x: 'Channel X 渠道X' } });
    assert.deepEqual(
      named.data.map((d) => d.name),
      ['Channel X 渠道X', 'y'],
    );
  });

  it('funnelTable shows PV, UV, conversion and minutes', () => {
    const t = funnelTable(result);
    assert.deepEqual(t.rows, [
      [1, 'view', 2, 2, 1, 1, null],
      [2, 'buy', 1, 1, 0.5, 0.5, 2],
    ]);
    assert.equal(t.columns[4].labelZh, '步骤转化率');
  });
});
