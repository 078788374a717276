/**
 * The plotly figures of an exported page: a placeholder per figure and one script that draws them all. The
 * script is plain browser JavaScript (no build step, it runs offline from the page itself); headless Chromium
 * tests it (test/notebooks/runner/html-export-figures.test.ts).
 */

/** A plotly figure as a notebook output holds it. */
export interface PlotlyOutput {
  data?: unknown;
  layout?: unknown;
  config?: unknown;
}

/**
 * The HTML of one figure: its placeholder and the call that draws it.
 * @param id the placeholder's element id, unique in the page
 * @param figure the figure's traces, layout and config
 */
export function figureHtml(id: string, figure: PlotlyOutput): string {
  const { data = [], layout = {}, config = {} } = figure;
  // Inside a <script>, "</script" would end it: JSON keeps "<" as \u003c.
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
  return `<div class="figure" id="${id}"></div><script>fupanPlot(${json(id)}, ${json(data)}, ${json(layout)}, ${json(config)});</script>`;
}

/**
 * Defines `fupanPlot(id, traces, layout, config)`, which draws a figure with plotly.js:
 * - a title wider than the figure is wrapped: first where its English and Chinese meet (at " · " or a space), then
 *   at spaces or between Chinese characters, with room made in the top margin; a single word still too wide
 *   shrinks the font. plotly itself never wraps, so at 480 px a long title was cut on both sides;
 * - a title stays clear of the plot, tick labels and axis titles (plotly's title automargin), and in a figure
 *   narrower than 640 px the legend goes below the plot in rows, the figure taller by them, instead of taking
 *   half the width at the right;
 * - colours follow the page (text, background, axes), so figures are themed in the dark scheme too, unless
 *   the figure sets its own; so does the font (with its Chinese fallback) when the figure names none;
 * - figures are redrawn when the window is resized (titles re-wrapped) or the colour scheme changes.
 */
export const FIGURE_SCRIPT = String.raw`(() => {
  const figures = [];
  // Figures narrower than this (a phone, a side panel) get their legend below the plot.
  const NARROW = 640;
  // The height plotly gives a figure that sets none (the page's .figure min-height).
  const FIGURE_HEIGHT = 420;
  // Space above a figure's title.
  const TITLE_GAP = 8;
  // Room for the tick labels and title of an x axis drawn above the plot.
  const TOP_AXIS = 60;
  const CJK = '\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef';
  // Words, and Chinese characters one by one (with any bracket or punctuation they touch: no line starts with ")").
  const TOKENS = new RegExp('[(\\[「]*[' + CJK + '][)\\]」:;,.!?]*|[^\\s' + CJK + ']+|\\s+', 'g');
  const context = document.createElement('canvas').getContext('2d');
  const width = (text, font) => ((context.font = font), context.measureText(text.replace(/<[^>]*>/g, '')).width);

  // Greedy lines of at most the width: breaks at spaces and between Chinese characters.
  function wrap(text, fits) {
    const lines = [];
    let line = '';
    let space = false;
    for (const token of text.match(TOKENS) || []) {
      if (/^\s+$/.test(token)) {
        space = line !== '';
        continue;
      }
      const next = line + (space ? ' ' : '') + token;
      if (line && !fits(next)) {
        lines.push(line);
        line = token;
      } else line = next;
      space = false;
    }
    return line ? [...lines, line] : lines;
  }

  // A title's lines: its own <br> kept; split first where English meets Chinese (at " · " or a space between
  // them), only then between words.
  const HALVES = new RegExp('( · |\\s+(?=[' + CJK + '])|(?<=[' + CJK + '])\\s+)');
  function titleLines(text, fits) {
    const lines = [];
    for (const paragraph of text.split(/<br\s*\/?>/i)) {
      const pieces = paragraph.split(HALVES);
      let line = '';
      for (let i = 0; i < pieces.length; i += 2) {
        const joined = line ? line + pieces[i - 1] + pieces[i] : pieces[i];
        if (fits(joined)) line = joined;
        else {
          if (line) lines.push(line);
          const parts = wrap(pieces[i], fits);
          line = parts.pop() || '';
          lines.push(...parts);
        }
      }
      lines.push(line);
    }
    return lines;
  }

  function fitTitle(layout, figureWidth) {
    const title = typeof layout.title === 'string' ? { text: layout.title } : layout.title;
    if (!title || typeof title.text !== 'string' || !title.text) return layout;
    const base = layout.font || {};
    let size = (title.font && title.font.size) || (base.size || 12) * 1.4;
    const family = (title.font && title.font.family) || base.family || '"Open Sans", verdana, arial, sans-serif';
    const room = Math.max(80, figureWidth - 32);
    const fits = (text) => width(text, size + 'px ' + family) <= room;
    if (fits(title.text)) return layout;
    const lines = titleLines(title.text, fits);
    const widest = Math.max(...lines.map((l) => width(l, size + 'px ' + family)));
    if (widest > room) size = Math.max(10, Math.floor((size * room) / widest));
    const margin = Object.assign({}, layout.margin);
    margin.t = Math.max(margin.t ?? 100, Math.ceil(lines.length * size * 1.3 + 30));
    const font = Object.assign({}, title.font, { size });
    return Object.assign({}, layout, { title: Object.assign({}, title, { text: lines.join('<br>'), font }), margin });
  }

  // The page's colours unless the figure sets its own: text, plot background and axes (plotly mixes grid
  // lines from the axis and background colours, so they follow the scheme too).
  function themed(layout) {
    const page = getComputedStyle(document.body);
    const out = Object.assign({ paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: page.backgroundColor }, layout);
    out.font = Object.assign({ color: page.color, family: page.fontFamily }, layout.font);
    const axes = Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k));
    for (const axis of new Set(['xaxis', 'yaxis', ...axes])) out[axis] = Object.assign({ color: page.color }, layout[axis]);
    return out;
  }

  // In a narrow figure a legend at the right takes half the width: there it goes below the plot, in rows,
  // unless the figure places its legend itself.
  function narrowLegend(layout, traces, figureWidth) {
    const own = layout.legend || {};
    const shown = layout.showlegend !== undefined ? layout.showlegend : traces.filter((t) => t.showlegend !== false).length > 1;
    if (figureWidth >= NARROW || !shown || own.orientation || own.x !== undefined || own.y !== undefined) return layout;
    const legend = Object.assign({ orientation: 'h', x: 0, xanchor: 'left', y: 0, yref: 'container', yanchor: 'bottom' }, own);
    // The figure grows by the legend's rows (at most one entry a row), so the plot keeps its height.
    const entries = traces.filter((t) => t.showlegend !== false).length;
    return Object.assign({}, layout, { legend, height: (layout.height || FIGURE_HEIGHT) + 22 * entries });
  }

  // A title stays clear of the plot, its tick labels and axis titles (a top x axis, a legend above).
  // The title at the top, clear of the plot and of a top x axis: plotly places a title of several lines by its
  // first line (and its automargin does not count the others), so the first line is put at the top and the
  // top margin made as tall as the lines, plus room for the ticks and title of an axis on top.
  function titleClear(layout, figureHeight) {
    const title = typeof layout.title === 'string' ? { text: layout.title } : layout.title;
    if (!title || typeof title.text !== 'string' || title.y !== undefined) return layout;
    const size = (title.font && title.font.size) || ((layout.font && layout.font.size) || 12) * 1.4;
    const lines = title.text.split(/<br\s*\/?>/i).length;
    const height = layout.height || figureHeight;
    const y = 1 - (TITLE_GAP + size) / height;
    const topAxis = Object.keys(layout).some((k) => /^xaxis\d*$/.test(k) && layout[k] && layout[k].side === 'top');
    const margin = Object.assign({}, layout.margin);
    const needed = Math.ceil(TITLE_GAP + lines * size * 1.3 + 12 + (topAxis ? TOP_AXIS : 0));
    margin.t = Math.max(margin.t ?? (topAxis ? 0 : 100), needed);
    return Object.assign({}, layout, { margin, title: Object.assign({ yref: 'container', y, yanchor: 'bottom' }, title) });
  }

  function draw(figure) {
    const figureWidth = figure.element.clientWidth;
    const fitted = narrowLegend(fitTitle(figure.layout, figureWidth), figure.traces, figureWidth);
    const layout = themed(titleClear(fitted, FIGURE_HEIGHT));
    const key = JSON.stringify([layout.title, layout.margin, layout.font, layout.plot_bgcolor]);
    if (key === figure.key) return;
    figure.key = key;
    Plotly.react(figure.element, figure.traces, layout, figure.config);
  }

  window.fupanPlot = (id, traces, layout, config) => {
    const figure = { element: document.getElementById(id), traces, layout, config: Object.assign({ responsive: true, displaylogo: false }, config) };
    figures.push(figure);
    draw(figure);
  };
  let pending;
  window.addEventListener('resize', () => {
    clearTimeout(pending);
    pending = setTimeout(() => figures.forEach(draw), 100);
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => figures.forEach(draw));
})();`;
