import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { anchorHeadings, contentsHtml, type PageHeading } from './html-export-contents.js';
import { FIGURE_SCRIPT, figureHtml, type PlotlyOutput } from './html-export-figures.js';
import { PAGE_STYLE } from './html-export-style.js';
import { escapeHtml, markdownToHtml } from './markdown.js';
import type { NbMimeBundle, NbOutput } from '@fupan/kernel-client';
import { joinText, type Notebook } from './nbformat.js';

const PLOTLY_MIME = 'application/vnd.plotly.v1+json';
const FUPAN_TABLE_MIME = 'application/vnd.fupan.table+json';

/** Options of {@link notebookToHtml}. */
export interface HtmlExportOptions {
  /** The page title. @default the notebook's first heading */
  title?: string;
  /** plotly.js source to embed; read from `plotly.js-dist-min` when the notebook has a plotly figure. */
  plotlySource?: string;
}

/**
 * A standalone HTML page of an executed notebook, to share a review with someone who has neither Jupyter nor
 * VS Code: markdown rendered, code shown, outputs as a notebook front end shows them (Fupan tables by their
 * HTML, plotly figures drawn by plotly.js embedded inline, so the page works offline), with a table of contents
 * from the markdown headings and a hide-code toggle; an output meant only for tools (JSON alone) is named,
 * not dumped.
 * @param nb the executed notebook
 * @returns the HTML text
 * @example writeFileSync('review.html', notebookToHtml(run.notebook))
 */
export function notebookToHtml(nb: Notebook, options: HtmlExportOptions = {}): string {
  const parts: string[] = [];
  const headings: PageHeading[] = [];
  let figures = 0;
  let code = false;
  for (const cell of nb.cells) {
    const source = joinText(cell.source);
    if (cell.cell_type === 'markdown') {
      parts.push(`<section class="markdown">${anchorHeadings(markdownToHtml(source), headings)}</section>`);
    } else if (cell.cell_type === 'code') {
      code = true;
      const count = cell.execution_count ?? ' ';
      const outputs = cell.outputs.map((o) => renderOutput(o, () => `fupan-figure-${++figures}`)).join('\n');
      parts.push(
        `<section class="code"><div class="prompt">[${count}]:</div><pre class="source"><code>${escapeHtml(source)}</code></pre>` +
          (outputs ? `<div class="outputs">${outputs}</div>` : '') +
          '</section>',
      );
    }
  }
  const title = options.title ?? firstHeading(nb) ?? 'Fupan notebook';
  const plotly =
    figures > 0
      ? `<script>${options.plotlySource ?? plotlyJs()}</script><script>${FIGURE_SCRIPT}</script>`
      : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${PAGE_STYLE}</style>${plotly}</head>
<body><main>
${contentsHtml(headings, code)}
${parts.join('\n')}
</main></body></html>
`;
}

function renderOutput(output: NbOutput, figureId: () => string): string {
  switch (output.output_type) {
    case 'stream':
      return `<pre class="stream ${output.name}">${escapeHtml(joinText(output.text))}</pre>`;
    case 'error':
      return `<pre class="stream stderr">${escapeHtml(`${output.ename}: ${output.evalue}\n${output.traceback.join('\n')}`)}</pre>`;
    default:
      return renderBundle(output.data, figureId);
  }
}

/** The richest representation this page can show, as a notebook front end picks it. */
function renderBundle(data: NbMimeBundle, figureId: () => string): string {
  const text = (mime: string) =>
    Array.isArray(data[mime]) ? (data[mime] as string[]).join('') : String(data[mime]);
  if (data[PLOTLY_MIME] !== undefined) {
    const figure = typeof data[PLOTLY_MIME] === 'string' ? JSON.parse(text(PLOTLY_MIME)) : data[PLOTLY_MIME];
    return figureHtml(figureId(), figure as PlotlyOutput);
  }
  if (data['text/html'] !== undefined) {
    const cls = data[FUPAN_TABLE_MIME] !== undefined ? 'html fupan-table' : 'html';
    return `<div class="${cls}">${text('text/html')}</div>`;
  }
  if (data['image/svg+xml'] !== undefined) return `<div class="image">${text('image/svg+xml')}</div>`;
  for (const mime of ['image/png', 'image/jpeg', 'image/gif']) {
    if (data[mime] !== undefined)
      return `<img src="data:${mime};base64,${text(mime).replace(/\s/g, '')}" alt="">`;
  }
  if (data['text/markdown'] !== undefined)
    return `<div class="markdown">${markdownToHtml(text('text/markdown'))}</div>`;
  // Output only for tools (the notebooks' computed figures as application/json): not dumped on the page.
  const json = Object.keys(data).find((m) => /json$/.test(m));
  if (json && data['text/plain'] === undefined)
    return `<p class="machine-output">${escapeHtml(json)} output for tools, left out of this page (it is in the notebook file)</p>`;
  if (data['text/plain'] !== undefined)
    return `<pre class="stream stdout">${escapeHtml(text('text/plain'))}</pre>`;
  return '';
}

function firstHeading(nb: Notebook): string | undefined {
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'markdown') continue;
    const m = /^#{1,6}\s+(.+)$/m.exec(joinText(cell.source));
    if (m) return m[1].replace(/[*_`]/g, '').trim();
  }
  return undefined;
}

let plotlyCache: string | undefined;

/** plotly.js (the minified bundle), read once from the installed `plotly.js-dist-min`. */
function plotlyJs(): string {
  if (plotlyCache === undefined) {
    const path = createRequire(__filename).resolve('plotly.js-dist-min');
    // An inline script ends at the first "</script"; keep any such text inside the bundle from closing it.
    plotlyCache = readFileSync(path, 'utf8').replace(/<\/script/gi, '<\\/script');
  }
  return plotlyCache;
}
