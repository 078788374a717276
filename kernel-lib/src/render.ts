/**
 * `@fupan/kernel-lib/render`: what draws a Fupan table or figure without computing one — the table payload
 * type, cell formatting, heat colours and CSV text. Browser-safe (no Node or arquero code at run time), for
 * the VS Code webviews and notebook renderers, which bundle it instead of the whole library.
 */
export { type ColumnFormat, type FupanTableColumn, type FupanTablePayload } from './present/fupanTable.js';
export { cellText, formatCell, numericRange } from './present/html.js';
export { WHITE, cssRgb, heatBackground, readableText, type Rgb } from './present/heatColour.js';
export { csvField, neutralizeFormula, toCsv, type CsvCell, type CsvFieldOptions } from './present/csv.js';
