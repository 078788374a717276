import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { funnel } from '../../../kernel-lib/src/metrics/funnel/funnel.js';
import { funnelChart } from '../../../kernel-lib/src/present/funnelFigures.js';
import { mimeBundle } from '../../../kernel-lib/src/present/notebook.js';
import { notebookToHtml } from '../../../notebooks/runner/html-export.js';
import type { Notebook } from '../../../notebooks/runner/nbformat.js';
import { HOSTILE_LABELS } from '../../support/hostileLabels.js';
import { withPage } from './chromium.js';
import { ROOT } from './cli-run.js';

/**
 * Issue 21 item 13 in a browser: a funnel by channel whose channel and step names are markup, exported to
 * HTML and drawn by plotly in headless Chromium, shows every name as written (no link, no bold, no
 * superscript made from data).
 */
describe('plotly labels in the HTML export (Chromium)', function () {
  this.timeout(90_000);

  it('shows hostile channel and step names exactly as written in the legend and on the axis', async () => {
    const rows = HOSTILE_LABELS.flatMap((name, i) => [
      { user_id: `u${i}`, ts: '2024-01-01T00:00:00Z', event: 'view', channel: name },
      { user_id: `u${i}`, ts: '2024-01-01T00:02:00Z', event: 'buy', channel: name },
    ]);
    const result = funnel(aq.from(rows), {
      steps: [
        { event: 'view', label: '<b>view</b>' },
        { event: 'buy', label: '<a href="https://example.com">buy</a>' },
      ],
      breakdownBy: 'channel',
    });
    const nb: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          id: 'c0',
          metadata: {},
          source: 'display(funnelChart(result, { byBreakdown: true }))',
          execution_count: 1,
          outputs: [
            {
              output_type: 'display_data',
              metadata: {},
              data: mimeBundle(funnelChart(result, { byBreakdown: true })) as never,
            },
          ],
        },
      ],
    };
    const dir = join(ROOT, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'html-export-hostile-labels.html');
    writeFileSync(path, notebookToHtml(nb));
    const seen = await withPage(path, { width: 1400 }, async (page) =>
      page.evaluate(() => ({
        legend: [...document.querySelectorAll('.figure .legendtext')].map((t) => t.textContent),
        ticks: [...document.querySelectorAll('.figure .ytick text')].map((t) => t.textContent),
        links: document.querySelectorAll('.figure svg a').length,
        styled: [...document.querySelectorAll('.figure svg tspan')].filter((t) =>
          /font-weight|baseline-shift|font-style|fill/.test(t.getAttribute('style') ?? ''),
        ).length,
      })),
    );
    assert.deepEqual([...seen.legend].sort(), [...HOSTILE_LABELS].sort());
    assert.deepEqual([...seen.ticks].sort(), ['<a href="https://example.com">buy</a>', '<b>view</b>'].sort());
    assert.equal(seen.links, 0, 'no link made from data');
    assert.equal(seen.styled, 0, 'no bold, italic, superscript or colour made from data');
  });
});
