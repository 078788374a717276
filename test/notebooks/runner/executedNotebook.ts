import { fupanTable, mimeBundle } from '@fupan/kernel-lib';
import type { Notebook } from '../../../notebooks/runner/nbformat.js';

/** An executed notebook built by hand: markdown, a Fupan table, a plotly chart, stdout and stderr. */
export function executedNotebook(): Notebook {
  const table = fupanTable(
    [
      { tier: '5,000–19,999', users: 12, usage: 0.25 },
      { tier: '100,000+', users: 3, usage: 0 },
    ],
    {
      title: 'Coupon usage by tier',
      titleZh: '红包使用率',
      columns: { usage: { format: 'percent', heat: true } },
    },
  );
  const chart = {
    data: [{ type: 'bar', x: ['A', 'B'], y: [3, 5] }],
    layout: { title: { text: 'Users by tier' } },
  };
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        cell_type: 'markdown',
        id: 'm1',
        metadata: {},
        source: '# Review 复盘\n\nA user called <script>alert(1)</script>.',
      },
      {
        cell_type: 'code',
        id: 'c1',
        metadata: {},
        source: "display(fupanTable(usage))\nconsole.log('<done>')",
        execution_count: 1,
        outputs: [
          { output_type: 'display_data', data: mimeBundle(table), metadata: {} },
          { output_type: 'display_data', data: mimeBundle(chart), metadata: {} },
          { output_type: 'stream', name: 'stdout', text: ['<done>\n'] },
          { output_type: 'stream', name: 'stderr', text: 'warning\n' },
        ],
      },
    ],
  };
}
