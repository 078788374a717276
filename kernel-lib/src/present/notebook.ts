import { createRequire } from 'node:module';
import { FUPAN_TABLE_MIME, type FupanTablePayload } from './fupanTable.js';
import { escapeHtml, tableHtml, tableText } from './html.js';
import { PLOTLY_MIME, isPlotlyFigure, withBaseLayout, type PlotlyFigure } from './plotly.js';

/** A Jupyter MIME bundle: one output, several representations; the front end picks the richest it can. */
export type MimeBundle = Record<string, unknown>;

function isFupanTable(value: unknown): value is FupanTablePayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as FupanTablePayload).version === 1 &&
    Array.isArray((value as FupanTablePayload).columns)
  );
}

/**
 * The MIME bundle of a Fupan table (interactive JSON + static HTML + text) or a plotly figure
 * (plotly JSON, its layout with the CJK font fallback, + a text note), or HTML for anything else.
 */
export function mimeBundle(value: FupanTablePayload | PlotlyFigure | string): MimeBundle {
  if (isFupanTable(value)) {
    return { [FUPAN_TABLE_MIME]: value, 'text/html': tableHtml(value), 'text/plain': tableText(value) };
  }
  if (isPlotlyFigure(value)) {
    const title = (value.layout.title as { text?: string } | string | undefined) ?? 'figure';
    const text = typeof title === 'string' ? title : (title.text ?? 'figure');
    // A figure written in a notebook cell gets the CJK font fallback too, as the builders' figures do.
    const figure = { ...value, layout: withBaseLayout(value.layout) };
    return { [PLOTLY_MIME]: figure, 'text/plain': `[plotly figure: ${text}]` };
  }
  return { 'text/html': `<pre>${escapeHtml(String(value))}</pre>`, 'text/plain': String(value) };
}

type DisplaySink = (bundle: MimeBundle) => void;
let sink: DisplaySink | undefined;

/** Directs {@link display} elsewhere (the extension, tests). Pass undefined to restore the default. */
export function setDisplaySink(next: DisplaySink | undefined): void {
  sink = next;
}

/**
 * Shows a Fupan table, a plotly figure or text as one notebook output with all its representations.
 * In tslab it sends one `display_data` message carrying the whole bundle; elsewhere it prints the text.
 * @example display(fupanTable(result.segments))
 */
export function display(value: FupanTablePayload | PlotlyFigure | string): void {
  const bundle = mimeBundle(value);
  if (sink) return sink(bundle);
  const write = tslabWriter();
  if (write) write({ data: bundle, metadata: {}, transient: {} }, false);
  else console.log(bundle['text/plain']);
}

type TslabWrite = (data: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void;

function tslabWriter(): TslabWrite | undefined {
  try {
    // tslab's public display API sends one MIME type per output; its writer takes a whole bundle.
    const req = createRequire(process.cwd() + '/');
    const jupyter = req('tslab/dist/jupyter') as { lastWriteDisplayData?: TslabWrite | null };
    return jupyter.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}
