/**
 * The reader's aids of an exported page: a table of contents (目录) from the markdown headings and a
 * hide-code toggle (隐藏代码), which needs no script (a checkbox and a CSS `:has()` rule in the page style).
 */

/** A heading of the page, as the table of contents lists it. */
export interface PageHeading {
  level: number;
  id: string;
  /** The heading's HTML (already escaped by the markdown renderer). */
  html: string;
}

/**
 * Gives every `<h1>`–`<h3>` of rendered markdown an id (`section-1`, `section-2`, … in page order) and
 * collects them for {@link contentsHtml}.
 * @param html one markdown cell's HTML
 * @param headings the page's headings so far; new ones are appended
 * @returns the HTML with ids on its headings
 */
export function anchorHeadings(html: string, headings: PageHeading[]): string {
  return html.replace(/<h([1-3])>([\s\S]*?)<\/h\1>/g, (_m, level: string, inner: string) => {
    const id = `section-${headings.length + 1}`;
    headings.push({ level: Number(level), id, html: inner });
    return `<h${level} id="${id}">${inner}</h${level}>`;
  });
}

/**
 * The page's table of contents (one link per heading, indented by level) and the hide-code toggle; empty
 * contents when the notebook has fewer than two headings.
 * @param headings what {@link anchorHeadings} collected
 * @param hasCode whether the page shows any code (no toggle otherwise)
 */
export function contentsHtml(headings: PageHeading[], hasCode: boolean): string {
  const toggle = hasCode
    ? '<label class="code-toggle"><input type="checkbox" id="hide-code"> Hide code · 隐藏代码</label>'
    : '';
  const top = headings.reduce((least, h) => Math.min(least, h.level), 6);
  const items = headings
    .map(
      (h) =>
        `<li class="toc-${h.level - top + 1}"><a href="#${h.id}">${h.html.replace(/<a [^>]*>|<\/a>/g, '')}</a></li>`,
    )
    .join('');
  const toc =
    headings.length >= 2
      ? `<details class="toc" open><summary>Contents · 目录</summary><ol>${items}</ol></details>`
      : '';
  return toc || toggle ? `<nav class="page-tools">${toggle}${toc}</nav>` : '';
}
