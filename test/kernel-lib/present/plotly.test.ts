import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { funnel } from '../../../kernel-lib/src/metrics/funnel/funnel.js';
import { retention } from '../../../kernel-lib/src/metrics/retention/retention.js';
import { funnelChart } from '../../../kernel-lib/src/present/funnelFigures.js';
import { plotlyText, type PlotlyFigure } from '../../../kernel-lib/src/present/plotly.js';
import { retentionCurves } from '../../../kernel-lib/src/present/retentionFigures.js';
import { HOSTILE_LABELS } from '../../support/hostileLabels.js';

/** What plotly shows for pseudo-HTML text: `<br>` a line break, the entities it knows as their characters. */
function shown(text: string): string {
  return text
    .replace(/<br>/g, '\n')
    .replace(/&(lt|gt|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&' })[e]!);
}

/** Every string plotly renders as text in a figure, except templates. */
function texts(value: unknown, inText = false): string[] {
  if (typeof value === 'string') return inText ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => texts(v, inText));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k.endsWith('template')
      ? []
      : texts(v, inText || ['name', 'x', 'y', 'text', 'title', 'customdata'].includes(k)),
  );
}

const noMarkup = (figure: PlotlyFigure, what: string) => {
  for (const t of texts(figure)) assert.doesNotMatch(t.replace(/<br>/g, ''), /</, `${what}: ${t}`);
};

describe('plotly labels are shown exactly as written (issue 21 item 13)', () => {
  it('plotlyText escapes & < > and turns line breaks into <br>, so plotly shows the text as written', () => {
    for (const h of [...HOSTILE_LABELS, 'line\nbreak']) {
      const escaped = plotlyText(h);
      assert.doesNotMatch(escaped.replace(/<br>/g, ''), /</, h);
      assert.equal(shown(escaped), h);
    }
  });

  it('figure builders escape data-derived names, categories and legends, keeping their own line breaks', () => {
    const rows = HOSTILE_LABELS.flatMap((name, i) => [
      { user_id: `u${i}`, ts: '2024-01-01T00:00:00Z', event: 'view', channel: name },
      { user_id: `u${i}`, ts: '2024-01-01T00:02:00Z', event: 'buy', channel: name },
      { user_id: `u${i}`, ts: '2024-01-03T00:00:00Z', event: 'other', channel: name },
    ]);
    const events = aq.from(rows);
    const result = funnel(events, {
      steps: [
        { event: 'view', label: HOSTILE_LABELS[0], labelZh: '浏览' },
        { event: 'buy', label: HOSTILE_LABELS[1] },
      ],
      breakdownBy: 'channel',
    });
    const plain = funnelChart(result);
    noMarkup(plain, 'funnel');
    assert.deepEqual((plain.data[0].y as string[]).map(shown), [
      `${HOSTILE_LABELS[0]}\n浏览`,
      HOSTILE_LABELS[1],
    ]);
    const by = funnelChart(result, { byBreakdown: true });
    noMarkup(by, 'funnel by channel');
    assert.deepEqual(by.data.map((d) => shown(d.name as string)).sort(), [...HOSTILE_LABELS].sort());

    const curves = retentionCurves(
      retention(aq.from(rows.map((r) => ({ ...r, platform: r.channel }))), {
        days: [1],
        breakdown: 'platform',
      }),
    );
    noMarkup(curves, 'retention curves');
    const names = curves.data.filter((d) => d.mode === 'lines+markers').map((d) => shown(String(d.name)));
    assert.deepEqual(names.sort(), [...HOSTILE_LABELS].sort());
  });
});
