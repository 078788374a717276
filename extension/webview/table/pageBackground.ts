import { WHITE, type Rgb } from '@fupan/kernel-lib/render';

/**
 * Theme colours VS Code sets on a webview's root, most specific first: what is under a notebook output, then
 * the editor's background (a panel webview).
 */
const BACKGROUND_VARIABLES = [
  '--vscode-notebook-outputContainerBackgroundColor',
  '--vscode-notebook-editorBackground',
  '--vscode-editor-background',
];

/**
 * The colour under a table: the theme's background from VS Code's CSS variables, else the page's own opaque
 * background, else white (a plain browser page).
 * @param element an element in the page
 */
export function pageBackground(element: Element): Rgb {
  const root = getComputedStyle(element.ownerDocument.documentElement);
  for (const name of BACKGROUND_VARIABLES) {
    const colour = parseCssColour(root.getPropertyValue(name));
    if (colour) return colour;
  }
  const body = element.ownerDocument.body;
  return (body && parseCssColour(getComputedStyle(body).backgroundColor)) ?? WHITE;
}

/**
 * An opaque colour from CSS text: `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb()` / `rgba()`; undefined for
 * anything else or a colour that is not fully opaque (its real colour depends on what is behind it).
 * @param text CSS colour text
 */
export function parseCssColour(text: string): Rgb | undefined {
  const t = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(t);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    if (h.length === 8 && h.slice(6) !== 'ff') return undefined;
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  const fn = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(t);
  if (!fn) return undefined;
  if (fn[4] !== undefined && parseFloat(fn[4]) < (fn[4].endsWith('%') ? 100 : 1)) return undefined;
  return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
}
