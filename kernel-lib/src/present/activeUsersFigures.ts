import type { ActiveUsersResult } from '../metrics/activeUsers/activeUsers.js';
import { activeUsersName } from './activeUsersLabels.js';
import { plotlyFigure, type PlotlyFigure } from './plotly.js';

/**
 * Stacked bars of active users, new (新用户) below existing (老用户), one bar per period or day.
 * @param result a result of `activeUsers()`
 * @returns a plotly figure for `display()`
 * @example display(activeUsersChart(activeUsers(events, { period: 'day' }, users)))
 */
export function activeUsersChart(result: ActiveUsersResult): PlotlyFigure {
  const rows = result.table.objects() as Record<string, unknown>[];
  const x = rows.map((r) => r.period);
  const [en, zh] = activeUsersName(result);
  return plotlyFigure({
    data: [
      { type: 'bar', name: 'new · 新用户', x, y: rows.map((r) => r.new), marker: { color: '#ff7f0e' } },
      {
        type: 'bar',
        name: 'existing · 老用户',
        x,
        y: rows.map((r) => r.existing),
        marker: { color: '#1f77b4' },
      },
    ],
    layout: {
      title: { text: `${en} · ${zh}: new vs existing (新老用户)` },
      barmode: 'stack',
      xaxis: {
        title: { text: result.spec.window === 'rolling' ? 'window ending · 截止日' : result.spec.period },
      },
      yaxis: { title: { text: 'users · 用户数' }, rangemode: 'tozero' },
    },
  });
}
