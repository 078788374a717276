import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notebookToHtml } from '../../../notebooks/runner/html-export.js';
import type { Notebook } from '../../../notebooks/runner/nbformat.js';
import { withPage } from './chromium.js';
import { ROOT } from './cli-run.js';

/** Titles as the notebooks write them: English · Chinese, English then Chinese, and one long word. */
const TITLES = [
  'Largest past investment by coupons used · 历史最大单笔投资',
  'Users per life-cycle stage over time 各阶段用户数',
  'DAU · 日活: new vs existing (新老用户)',
  'Supercalifragilisticexpialidociousness-per-user',
];

/** An executed notebook with one bar chart per title. */
function notebookOfCharts(titles: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: titles.map((text, i) => ({
      cell_type: 'code' as const,
      id: `c${i}`,
      metadata: {},
      source: 'display(chart)',
      execution_count: i + 1,
      outputs: [
        {
          output_type: 'display_data' as const,
          metadata: {},
          data: {
            'application/vnd.plotly.v1+json': {
              data: [{ type: 'bar', x: ['0–4,999', '5,000–19,999'], y: [3, 5] }],
              layout: { title: { text } },
            },
          },
        },
      ],
    })),
  };
}

function writePage(name: string, nb: Notebook): string {
  const dir = join(ROOT, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, notebookToHtml(nb));
  return path;
}

/** Each figure's width, its title's left and right edge (relative to the figure) and the title's lines. */
function titleBoxes() {
  return [...document.querySelectorAll('.figure')].map((figure) => {
    const box = figure.getBoundingClientRect();
    const title = figure.querySelector('.gtitle')!.getBoundingClientRect();
    const lines = figure.querySelectorAll('.gtitle tspan.line');
    return {
      width: box.width,
      left: title.left - box.left,
      right: title.right - box.left,
      lines: [...lines].map((l) => l.textContent),
      text: figure.querySelector('.gtitle')!.textContent,
    };
  });
}

describe('exported plotly figures in headless Chromium', function () {
  this.timeout(90_000);

  it('wrap a title wider than the figure at 480 px, English and Chinese on lines of their own', async () => {
    const path = writePage('html-export-titles.html', notebookOfCharts(TITLES));
    const boxes = await withPage(path, { width: 480 }, async (page) => page.evaluate(titleBoxes));
    for (const b of boxes) {
      assert.ok(b.left >= 0 && b.right <= b.width, `"${b.text}" spans ${b.left}–${b.right} of ${b.width} px`);
    }
    assert.deepEqual(boxes[0].lines, ['Largest past investment by coupons used', '历史最大单笔投资']);
    assert.deepEqual(boxes[1].lines, ['Users per life-cycle stage over time', '各阶段用户数']);
  });

  it('leave a title that fits on one line, and re-wrap when the window narrows', async () => {
    const path = writePage('html-export-title-resize.html', notebookOfCharts(TITLES.slice(0, 1)));
    await withPage(path, { width: 1200 }, async (page) => {
      assert.deepEqual((await page.evaluate(titleBoxes))[0].lines, []);
      await page.setViewportSize({ width: 480, height: 900 });
      await page.waitForFunction(() => document.querySelectorAll('.gtitle tspan.line').length === 2);
      const [b] = await page.evaluate(titleBoxes);
      assert.ok(b.right <= b.width, `${b.right} of ${b.width} px`);
    });
  });

  it('keep a title of several lines inside the figure and above an x axis drawn on top', async () => {
    const nb = notebookOfCharts(TITLES.slice(0, 1));
    const layout = (
      nb.cells[0] as { outputs: { data: Record<string, { layout: Record<string, unknown> }> }[] }
    ).outputs[0].data['application/vnd.plotly.v1+json'].layout;
    layout.xaxis = { side: 'top', title: { text: 'months since first · 第N月' } };
    const path = writePage('html-export-top-axis.html', nb);
    for (const width of [480, 1200]) {
      const seen = await withPage(path, { width }, async (page) =>
        page.evaluate(() => {
          const box = document.querySelector('.figure')!.getBoundingClientRect();
          const title = document.querySelector('.figure .gtitle')!.getBoundingClientRect();
          const axis = document.querySelector('.figure .xtitle')!.getBoundingClientRect();
          return { top: title.top - box.top, bottom: title.bottom, axisTop: axis.top };
        }),
      );
      assert.ok(seen.top >= 0, `at ${width} px the title starts ${seen.top} px from the figure's top`);
      assert.ok(seen.bottom <= seen.axisTop, `at ${width} px the title ends above the top axis title`);
    }
  });

  it('put a legend below the plot at 480 px (the plot keeps the width), at the right at 1200 px', async () => {
    const nb = notebookOfCharts(TITLES.slice(0, 1));
    const figure = (nb.cells[0] as { outputs: { data: Record<string, { data: unknown[] }> }[] }).outputs[0]
      .data['application/vnd.plotly.v1+json'];
    figure.data = ['coupon usage rate 红包使用率', 'recall rate 召回率', 'reinvest rate 复投率'].map(
      (name, i) => ({
        type: 'bar',
        name,
        x: ['0–4,999', '5,000–19,999'],
        y: [3 + i, 5],
      }),
    );
    const path = writePage('html-export-legend.html', nb);
    const boxes = () => {
      const box = document.querySelector('.figure')!.getBoundingClientRect();
      const plot = document.querySelector('.figure .bglayer rect')!.getBoundingClientRect();
      const legend = document.querySelector('.figure .legend')!.getBoundingClientRect();
      return {
        width: box.width,
        plotWidth: plot.width,
        plotBottom: plot.bottom,
        legendTop: legend.top,
        legendLeft: legend.left,
        plotRight: plot.right,
      };
    };
    const narrow = await withPage(path, { width: 480 }, async (page) => page.evaluate(boxes));
    assert.ok(
      narrow.legendTop > narrow.plotBottom,
      `legend top ${narrow.legendTop} below the plot (${narrow.plotBottom})`,
    );
    assert.ok(narrow.plotWidth > 0.6 * narrow.width, `plot ${narrow.plotWidth} of ${narrow.width} px`);
    const wide = await withPage(path, { width: 1200 }, async (page) => page.evaluate(boxes));
    assert.ok(wide.legendLeft >= wide.plotRight, 'at 1200 px the legend is at the right of the plot');
  });

  it('take the page colours in the dark scheme (text, plot background, axes)', async () => {
    const path = writePage('html-export-dark-figure.html', notebookOfCharts(TITLES.slice(0, 1)));
    const colours = await withPage(path, { colorScheme: 'dark' }, async (page) =>
      page.evaluate(() => ({
        page: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
        title: getComputedStyle(document.querySelector('.gtitle')!).fill,
        tick: getComputedStyle(document.querySelector('.xtick text')!).fill,
        plot: document.querySelector('.bglayer rect')?.getAttribute('style') ?? '',
      })),
    );
    assert.equal(colours.page, 'rgb(13, 17, 23)');
    assert.equal(colours.title, colours.text);
    assert.equal(colours.tick, colours.text);
    assert.match(colours.plot, /fill: rgb\(13, 17, 23\)/);
  });
});
