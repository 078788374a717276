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
 * The layout every figure starts from (图表基础样式): the CJK font fallback and axes that make room for their
 * labels (`automargin`). A figure's own settings win: only a missing `font.family` or `automargin` is filled in.
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
    if (!('automargin' in own)) out[axis] = { ...own, automargin: true };
  }
  return out;
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
