/**
 * A virtualised table: only the rows in view (plus a small margin) exist in the DOM, so a million rows scroll
 * as smoothly as ten. Rows come from a callback that may answer at once (rows in memory, the notebook renderer)
 * or later (rows fetched from the extension host, the segment preview). All cell text is set with
 * `textContent`: data is never parsed as markup.
 */

import { cssRgb, heatBackground, readableText, type Rgb } from '@fupan/kernel-lib/render';
import { pageBackground } from './pageBackground.js';

/** A column header. */
export interface VirtualColumn {
  label: string;
  labelZh?: string;
  /** Right-aligned, tabular figures. */
  numeric: boolean;
  /**
   * Characters of the column's widest value: a numeric column is never narrower, so a number is never cut
   * (text columns shorten with an ellipsis and show the whole value on hover).
   */
  width?: number;
}

/** A cell ready to show. */
export interface ShownCell {
  text: string;
  /** 0–1 position in the column's range: coloured as a heat map when given. */
  heat?: number;
}

/** What the table needs from its owner. */
export interface VirtualTableSource {
  columns: VirtualColumn[];
  /** Rows `start` (inclusive) to `end` (exclusive) of the current view. */
  fetchRows(start: number, end: number): ShownCell[][] | Promise<ShownCell[][]>;
  /** Called when a header is clicked (to sort). */
  onHeaderClick?(column: number): void;
  /** What an empty table says (no rows at all, or none left by a filter). @default 'No rows · 无数据' */
  emptyText?(): string;
}

const ROW_HEIGHT = 24;
const OVERSCAN = 10;

/** The DOM side of a virtualised table. */
export class VirtualTable {
  /** Put this in the page. */
  readonly element: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly layer: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private readonly headers: HTMLDivElement[] = [];
  private rowCount = 0;
  private pending = false;
  private generation = 0;
  private shown: [number, number] = [-1, -1];

  constructor(
    private readonly source: VirtualTableSource,
    maxHeight = 420,
  ) {
    const template = source.columns.map(columnTrack).join(' ');
    this.element = div('fupan-vt');
    this.element.style.maxHeight = `${maxHeight}px`;
    const header = div('fupan-vt-row fupan-vt-header');
    header.style.gridTemplateColumns = template;
    source.columns.forEach((c, j) => {
      const cell = div(c.numeric ? 'fupan-vt-cell num' : 'fupan-vt-cell');
      cell.setAttribute('role', 'columnheader');
      cell.title = c.labelZh ? `${c.label} · ${c.labelZh}` : c.label;
      const en = document.createElement('span');
      en.textContent = c.label;
      cell.append(en);
      if (c.labelZh) {
        const zh = document.createElement('small');
        zh.textContent = c.labelZh;
        cell.append(zh);
      }
      if (source.onHeaderClick) {
        cell.classList.add('sortable');
        cell.addEventListener('click', () => source.onHeaderClick?.(j));
      }
      this.headers.push(cell);
      header.append(cell);
    });
    this.body = div('fupan-vt-body');
    this.layer = div('fupan-vt-layer');
    this.layer.style.setProperty('--fupan-vt-columns', template);
    this.empty = div('fupan-vt-empty');
    this.empty.setAttribute('role', 'status');
    this.body.append(this.layer, this.empty);
    this.element.append(header, this.body);
    this.element.setAttribute('role', 'table');
    this.element.addEventListener('scroll', () => this.schedule());
  }

  /** Sets the number of rows (after a filter or a new result) and redraws from the data. */
  setRowCount(n: number): void {
    this.rowCount = n;
    this.body.style.height = n ? `${n * ROW_HEIGHT}px` : '';
    this.empty.hidden = n > 0;
    this.empty.textContent = n ? '' : (this.source.emptyText?.() ?? 'No rows · 无数据');
    this.shown = [-1, -1];
    this.schedule();
  }

  /** Marks the sorted column's header (▲ ascending, ▼ descending). */
  setSortIndicator(column: number | undefined, descending: boolean): void {
    this.headers.forEach((h, j) => {
      h.dataset.sort = j === column ? (descending ? 'desc' : 'asc') : '';
    });
  }

  /** Redraws the rows in view now (also called on scroll). */
  async render(): Promise<void> {
    this.pending = false;
    const viewHeight = this.element.clientHeight || 420;
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(
      this.rowCount,
      Math.ceil((this.element.scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN,
    );
    if (first === this.shown[0] && last === this.shown[1]) return;
    const generation = ++this.generation;
    const rows = await this.source.fetchRows(first, last);
    if (generation !== this.generation) return; // a newer scroll position won
    this.shown = [first, last];
    this.layer.style.top = `${first * ROW_HEIGHT}px`;
    const page = pageBackground(this.element);
    this.layer.replaceChildren(...rows.map((cells, k) => this.row(cells, first + k, page)));
  }

  private row(cells: ShownCell[], index: number, page: Rgb): HTMLDivElement {
    const row = div(index % 2 ? 'fupan-vt-row odd' : 'fupan-vt-row');
    row.setAttribute('role', 'row');
    cells.forEach((c, j) => {
      const cell = div(this.source.columns[j]?.numeric ? 'fupan-vt-cell num' : 'fupan-vt-cell');
      cell.textContent = c.text;
      cell.title = c.text;
      if (c.heat !== undefined) {
        // Opaque, mixed with the theme's background, so the text colour can be chosen for contrast on it.
        const background = heatBackground(c.heat, page);
        cell.style.backgroundColor = cssRgb(background);
        cell.style.color = readableText(background);
      }
      row.append(cell);
    });
    return row;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => void this.render());
  }
}

/** The grid track of a column: numbers at least as wide as their widest value, text twice the share. */
function columnTrack(c: VirtualColumn): string {
  if (!c.numeric) return 'minmax(120px, 2fr)';
  // A digit is 1ch (tabular figures); one more for a % sign or minus, 16px for the padding.
  return c.width ? `minmax(max(90px, calc(${c.width + 1}ch + 16px)), 1fr)` : 'minmax(90px, 1fr)';
}

function div(className: string): HTMLDivElement {
  const el = document.createElement('div');
  el.className = className;
  return el;
}
