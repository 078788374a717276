/**
 * A virtualised table: only the rows in view (plus a small margin) exist in the DOM, so a million rows scroll
 * as smoothly as ten. Rows come from a callback that may answer at once (rows in memory, the notebook renderer)
 * or later (rows fetched from the extension host, the segment preview). All cell text is set with
 * `textContent`: data is never parsed as markup.
 */

/** A column header. */
export interface VirtualColumn {
  label: string;
  labelZh?: string;
  /** Right-aligned, tabular figures. */
  numeric: boolean;
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
}

const ROW_HEIGHT = 24;
const OVERSCAN = 10;

/** The DOM side of a virtualised table. */
export class VirtualTable {
  /** Put this in the page. */
  readonly element: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly layer: HTMLDivElement;
  private readonly headers: HTMLDivElement[] = [];
  private rowCount = 0;
  private pending = false;
  private generation = 0;
  private shown: [number, number] = [-1, -1];

  constructor(
    private readonly source: VirtualTableSource,
    maxHeight = 420,
  ) {
    const template = source.columns
      .map((c) => (c.numeric ? 'minmax(90px, 1fr)' : 'minmax(120px, 2fr)'))
      .join(' ');
    this.element = div('fupan-vt');
    this.element.style.maxHeight = `${maxHeight}px`;
    const header = div('fupan-vt-row fupan-vt-header');
    header.style.gridTemplateColumns = template;
    source.columns.forEach((c, j) => {
      const cell = div(c.numeric ? 'fupan-vt-cell num' : 'fupan-vt-cell');
      cell.setAttribute('role', 'columnheader');
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
    this.body.append(this.layer);
    this.element.append(header, this.body);
    this.element.setAttribute('role', 'table');
    this.element.addEventListener('scroll', () => this.schedule());
  }

  /** Sets the number of rows (after a filter or a new result) and redraws from the data. */
  setRowCount(n: number): void {
    this.rowCount = n;
    this.body.style.height = `${n * ROW_HEIGHT}px`;
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
    this.layer.replaceChildren(...rows.map((cells, k) => this.row(cells, first + k)));
  }

  private row(cells: ShownCell[], index: number): HTMLDivElement {
    const row = div(index % 2 ? 'fupan-vt-row odd' : 'fupan-vt-row');
    row.setAttribute('role', 'row');
    cells.forEach((c, j) => {
      const cell = div(this.source.columns[j]?.numeric ? 'fupan-vt-cell num' : 'fupan-vt-cell');
      cell.textContent = c.text;
      cell.title = c.text;
      if (c.heat !== undefined) {
        const t = Math.min(1, Math.max(0, c.heat));
        cell.style.backgroundColor = `rgba(33, 118, 201, ${(0.08 + 0.72 * t).toFixed(3)})`;
        if (t > 0.6) cell.style.color = '#fff';
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

function div(className: string): HTMLDivElement {
  const el = document.createElement('div');
  el.className = className;
  return el;
}
