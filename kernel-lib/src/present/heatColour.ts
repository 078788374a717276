/** A colour as red, green and blue, 0–255 each. */
export type Rgb = readonly [number, number, number];

/** White, the background of HTML tables (and of heat cells in any host theme). */
export const WHITE: Rgb = [255, 255, 255];

/** The blue that heat-coloured cells move towards as their value rises. */
const HEAT_BLUE: Rgb = [33, 118, 201];

/**
 * The background of a heat-coloured cell (cohort matrices, usage rates): the page colour mixed with blue, a
 * little at the bottom of the column's range, most at the top.
 * @param t position of the value in its column's range, 0 to 1 (clamped)
 * @param page the colour under the cell. @default white
 */
export function heatBackground(t: number, page: Rgb = WHITE): Rgb {
  const share = 0.08 + 0.72 * Math.min(1, Math.max(0, t));
  return page.map((c, i) => Math.round(c + (HEAT_BLUE[i] - c) * share)) as unknown as Rgb;
}

/** Relative luminance of a colour (WCAG 2.x), 0 for black to 1 for white. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast ratio of two colours (WCAG 2.x), 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Black or white, whichever reads better on `background`: at least 4.58:1 on any colour, so a heat cell's
 * number stays readable whatever the theme and wherever the value falls in the range.
 */
export function readableText(background: Rgb): '#000' | '#fff' {
  return contrastRatio(background, WHITE) >= contrastRatio(background, [0, 0, 0]) ? '#fff' : '#000';
}

/** CSS text of a colour, `rgb(r, g, b)`. */
export function cssRgb([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}
