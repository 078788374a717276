/**
 * The stylesheet of an exported notebook page: GitHub-like light colours, and dark ones when the reader's
 * system prefers a dark scheme. Fupan tables bring their own style (borders and notes by opacity, each heat
 * cell with its own background and a text colour chosen against it), so they read on either; plotly figures
 * take the page's colours and font from html-export-figures.ts.
 */

/**
 * Fonts with Chinese glyphs on Linux, macOS and Windows, after each font list of the page (text, code, output)
 * so Chinese never renders as boxes; the same list as kernel-lib's present/fonts.ts (the runner does not load
 * the library).
 */
export const CJK_FONTS =
  '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei"';

export const PAGE_STYLE = `
:root { color-scheme: light dark; }
body { font: 15px/1.55 -apple-system, "Segoe UI", "Noto Sans", ${CJK_FONTS}, sans-serif; color: #1f2328; margin: 0; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
section { margin: 12px 0; }
a { color: #0969da; }
.markdown h1 { border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }
.markdown table, .fupan-table table { border-collapse: collapse; margin: 8px 0; }
.markdown th, .markdown td { border: 1px solid #d0d7de; padding: 4px 10px; }
blockquote { margin: 0; padding: 0 1em; color: #57606a; border-left: .25em solid #d0d7de; }
code { font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", ${CJK_FONTS}, monospace; }
.code { position: relative; }
.prompt { color: #6e7781; font: 12px ui-monospace, ${CJK_FONTS}, monospace; margin-bottom: 2px; }
pre.source { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px; overflow-x: auto; margin: 0; }
.outputs { padding: 6px 0 6px 10px; border-left: 3px solid #e6e6e6; margin-top: 6px; overflow-x: auto; }
pre.stream { margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", ${CJK_FONTS}, monospace; }
pre.stderr { background: #fff0f0; color: #82071e; padding: 6px; }
pre.json { background: #fbfbfb; font-size: 12px; }
.figure { width: 100%; min-height: 420px; }
.page-tools { margin: 8px 0 16px; font-size: 14px; }
.code-toggle { display: inline-block; margin-bottom: 6px; cursor: pointer; user-select: none; }
.toc ol { list-style: none; padding-left: 0; margin: 4px 0; columns: 2 280px; }
.toc li { break-inside: avoid; }
.toc .toc-2 { padding-left: 1.2em; }
.toc .toc-3 { padding-left: 2.4em; }
.toc summary { cursor: pointer; font-weight: 600; }
body:has(#hide-code:checked) pre.source, body:has(#hide-code:checked) .prompt { display: none; }
body:has(#hide-code:checked) .outputs { border-left: none; padding-left: 0; }
.machine-output { font-size: 12px; opacity: .7; font-style: italic; }
@media (prefers-color-scheme: dark) {
  body { color: #e6edf3; background: #0d1117; }
  a { color: #4493f8; }
  .markdown h1 { border-bottom-color: #3d444d; }
  .markdown th, .markdown td { border-color: #3d444d; }
  blockquote { color: #9198a1; border-left-color: #3d444d; }
  .prompt { color: #9198a1; }
  pre.source { background: #151b23; border-color: #3d444d; }
  .outputs { border-left-color: #3d444d; }
  pre.stderr { background: #3c1618; color: #ffa198; }
  pre.json { background: #151b23; }
}
`;
