import { FONT_FAMILY } from './fonts.js';

/** MIME type of plotly figures in notebook outputs. */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/** A plotly figure spec (JSON-serialisable): what `Plotly.newPlot(el, data, layout)` takes. */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** Whether a value looks like a plotly figure. */
export function isPlotlyFigure(value: unknown): value is PlotlyFigure {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as PlotlyFigure).data) &&
    typeof (value as PlotlyFigure).layout === 'object'
  );
}

/**
 * The layout every figure starts from (图表基础样式): the CJK font fallback, axes that make room for their
 * labels (`automargin`) and long bilingual axis titles on two lines (English over Chinese). A figure's own
 * settings win: only a missing `font.family` or `automargin` is filled in.
 * @param layout a figure's layout
 * @returns the layout with `font.family` and the axes' `automargin` set
 * @example withBaseLayout({ title: { text: '留存' } }).font // { family: FONT_FAMILY }
 */
export function withBaseLayout(layout: Record<string, unknown>): Record<string, unknown> {
  const font = (layout.font ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...layout };
  if (typeof font.family !== 'string') out.font = { ...font, family: FONT_FAMILY };
  // Axes make room for their tick labels and titles (long Chinese + English categories are not cut off).
  for (const axis of new Set([
    'xaxis',
    'yaxis',
    ...Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k)),
  ])) {
    const own = (layout[axis] ?? {}) as Record<string, unknown>;
    const title = axisTitle(own.title);
    if (!('automargin' in own) || title !== own.title)
      out[axis] = { ...own, ...(title === undefined ? {} : { title }), automargin: own.automargin ?? true };
  }
  return out;
}

/** Axis titles longer than this are split where English meets Chinese (" · "). */
const AXIS_TITLE_LINE = 32;

/**
 * An axis title on two lines, English over Chinese, when it is too long for one: a y axis is only as long as
 * the figure is tall (about 250 px), and an x axis at 480 px little more, so "mean purchases in holdout ·
 * 验证期人均购买次数" was cut at both ends.
 */
function axisTitle(title: unknown): unknown {
  const text = typeof title === 'string' ? title : (title as { text?: unknown } | undefined)?.text;
  if (
    typeof text !== 'string' ||
    text.length <= AXIS_TITLE_LINE ||
    !text.includes(' · ') ||
    /<br>/.test(text)
  )
    return title;
  const wrapped = text.replace(' · ', '<br>');
  return typeof title === 'string' ? { text: wrapped } : { ...(title as object), text: wrapped };
}

/**
 * The colour scale of heat maps (热力图色阶) whose higher values matter more (retention, users, expected
 * purchases): pale to dark blue (ColorBrewer Blues). plotly's own named 'Blues' and 'YlOrRd' run the other
 * way (dark at the lowest value), which made the bulk of a skewed matrix one dark wall.
 */
export const HEAT_COLORSCALE: [number, string][] = [
  [0, '#f7fbff'],
  [0.25, '#c6dbef'],
  [0.5, '#6baed6'],
  [0.75, '#2171b5'],
  [1, '#08306b'],
];

/**
 * The colour scale of a probability read as good (high) or bad (low), e.g. P(alive) (存活概率): red through
 * pale yellow to green (ColorBrewer RdYlGn, which plotly does not have under that name).
 */
export const GOOD_BAD_COLORSCALE: [number, string][] = [
  [0, '#d73027'],
  [0.25, '#fc8d59'],
  [0.5, '#fee08b'],
  [0.75, '#91cf60'],
  [1, '#1a9850'],
];

/**
 * The layout of a horizontal bar chart (条形图), one row per category, so that at 480 px the labels are not
 * cut and the bars not squeezed: categories down the y axis in their given order (the first on top), each
 * row tall enough for its traces side by side and a two-line label, the figure as tall as its rows.
 * Merge the figure's own axis settings over it.
 * @param rows categories on the y axis
 * @param traces traces drawn side by side in each row (grouped bars, a funnel per breakdown value)
 * @example horizontalBarLayout(8, 4).height // 608
 */
export function horizontalBarLayout(
  rows: number,
  traces = 1,
): { height: number; yaxis: Record<string, unknown> } {
  const rowHeight = Math.max(40, 12 * traces + 16);
  return {
    height: 160 + rows * rowHeight,
    yaxis: { type: 'category', autorange: 'reversed', automargin: true, ticklabelstandoff: 6 },
  };
}

/**
 * A trace as every figure draws it: a bar's labels outside the bar are never clipped by the plot area
 * (`cliponaxis: false`), so the tallest bar's label shows in full. A trace's own setting wins.
 * @param trace one trace of a figure
 * @returns the trace, with `cliponaxis` set when its text sits outside
 */
export function withBaseTrace(trace: Record<string, unknown>): Record<string, unknown> {
  if (trace.textposition !== 'outside' || 'cliponaxis' in trace) return trace;
  return { ...trace, cliponaxis: false };
}

/**
 * Text as plotly shows it: plotly reads names, legends, titles, tick labels and hover text as pseudo-HTML
 * (`<b>` bold, `<a href>` a link), so `&`, `<`, `>` become entities and a line break `\n` becomes `<br>`.
 * A label is then shown exactly as written: `<b>VIP</b>` in a channel name is those characters, not bold.
 * @example plotlyText('A&B <b>') // 'A&amp;B &lt;b&gt;'
 */
export function plotlyText(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/\r?\n/g, '<br>');
}

/** Keys whose strings (at any depth below) plotly renders as text: every data-derived label of a figure. */
const TEXT_KEYS = new Set([
  'name',
  'text',
  'hovertext',
  'labels',
  'label',
  'x',
  'y',
  'z',
  'customdata',
  'ticktext',
  'tickvals',
  'categoryarray',
  'meta',
  'title',
]);

/**
 * A figure whose every text (trace names and legends, categories and tick labels, titles, hover text and
 * `customdata`, sankey labels) goes through {@link plotlyText}: the one place where Fupan's figure builders
 * make labels safe, so a hostile name is shown as written in notebooks, the HTML export and the extension.
 * Templates (`hovertemplate`, `texttemplate`) are the builder's own markup and stay as they are; builders
 * write a line break in a label as `\n`. The layout starts from {@link withBaseLayout} (the CJK font
 * fallback). Call once per figure.
 */
export function plotlyFigure(figure: PlotlyFigure): PlotlyFigure {
  return {
    ...figure,
    data: figure.data.map((trace) => withBaseTrace(escapeTexts(trace, false) as Record<string, unknown>)),
    layout: withBaseLayout(escapeTexts(figure.layout, false) as Record<string, unknown>),
  };
}

function escapeTexts(value: unknown, text: boolean): unknown {
  if (typeof value === 'string') return text ? plotlyText(value) : value;
  if (Array.isArray(value)) return value.map((v) => escapeTexts(v, text));
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const template = key.endsWith('template');
    Object.defineProperty(out, key, {
      value: template ? v : escapeTexts(v, text || TEXT_KEYS.has(key)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
