import {
  cellText,
  formatCell,
  neutralizeFormula,
  numericRange,
  toCsv,
  type FupanTablePayload,
} from '@fupan/kernel-lib/render';

type Cell = FupanTablePayload['rows'][number][number];

/** Sort state of a table view: a column index and a direction, or none (the payload's own order). */
export interface SortState {
  column: number;
  descending: boolean;
}

/**
 * The state behind the inline Fupan table (sort, filter, heat colouring, export), apart from the DOM so it can
 * be tested under Node. Rows stay raw; `text()` formats them the way kernel-lib's HTML fallback does.
 */
export class TableModel {
  private order: Int32Array;
  private filter = '';
  private sort: SortState | undefined;
  private searchText: string[] | undefined;
  private readonly ranges: ([number, number] | undefined)[];

  /** @param payload a `application/vnd.fupan.table+json` payload */
  constructor(readonly payload: FupanTablePayload) {
    this.order = identity(payload.rows.length);
    this.ranges = payload.columns.map((_, j) => (this.isNumeric(j) ? heatRange(payload.rows, j) : undefined));
  }

  /** Rows shown after filtering. */
  get rowCount(): number {
    return this.order.length;
  }

  /** Rows in the payload. */
  get totalRows(): number {
    return this.payload.rows.length;
  }

  /** Current sort, if any. */
  get sortState(): SortState | undefined {
    return this.sort;
  }

  /**
   * Keeps the rows whose formatted text contains `text` in any column (case-insensitive); empty shows all.
   * @param text what to look for
   */
  setFilter(text: string): void {
    this.filter = text.trim().toLowerCase();
    this.refresh();
  }

  /**
   * Sorts by a column: first ascending, then descending, then back to the payload's order. Missing values
   * sort last either way; numbers compare as numbers, text with the locale's collation.
   * @param column column index
   */
  toggleSort(column: number): void {
    if (!this.sort || this.sort.column !== column) this.sort = { column, descending: false };
    else if (!this.sort.descending) this.sort = { column, descending: true };
    else this.sort = undefined;
    this.refresh();
  }

  /** Payload row index of the `i`-th shown row. */
  rowIndex(i: number): number {
    return this.order[i];
  }

  /** Formatted text of a cell (shown row `i`, column `j`). */
  text(i: number, j: number): string {
    const r = this.order[i];
    return cellText(this.payload.columns[j], this.payload.rows[r][j], r);
  }

  /**
   * Position of a heat-coloured cell in its column's range, 0 to 1; undefined for other cells and for columns
   * holding a single value.
   */
  heat(i: number, j: number): number | undefined {
    const range = this.payload.columns[j].heat ? this.ranges[j] : undefined;
    const v = this.payload.rows[this.order[i]][j];
    if (!range || typeof v !== 'number') return undefined;
    // One value all down the column (a transition column of zeros, a cohort's +0 at 100%) is not coloured,
    // as in the HTML: a mid-range blue would mark it as if it stood out.
    return range[1] > range[0] ? (v - range[0]) / (range[1] - range[0]) : undefined;
  }

  /**
   * Characters of a numeric column's widest text, found from its smallest and largest value (the most
   * digits and the sign) plus room for 2 decimals where their number varies; undefined for text columns. A
   * column with a format per row (a count beside a rate) is measured cell by cell.
   */
  textWidth(j: number): number | undefined {
    const c = this.payload.columns[j];
    if (c.rowFormats && this.isNumeric(j)) return this.widestCell(j);
    const range = this.ranges[j];
    if (!range) return undefined;
    const varying = c.format === 'number' && c.digits === undefined ? 3 : 0;
    const [low, high] = range.map((v) => formatCell(v, c.format, c.digits).length);
    return Math.max(low, high) + varying;
  }

  /** Whether a column holds numbers (right-aligned). */
  isNumeric(j: number): boolean {
    const f = this.payload.columns[j].format;
    return f !== undefined && f !== 'string' && f !== 'date';
  }

  /** The shown rows as CSV with raw values (rates stay fractions), in the shown order. */
  csv(): string {
    const { columns, rows } = this.payload;
    return toCsv(
      columns.map((c) => c.name),
      Array.from(this.order, (r) => rows[r]),
    );
  }

  /**
   * The shown rows as tab-separated formatted text, for pasting into a spreadsheet (Copy): formulas
   * neutralized as in the CSV export, so a pasted `=HYPERLINK(…)` is text, not a live formula.
   */
  tsv(): string {
    const cell = (text: string) => neutralizeFormula(text.replace(/[\t\r\n]/g, ' '));
    const header = this.payload.columns.map((c) => cell(c.label ?? c.name)).join('\t');
    const lines = [header];
    for (let i = 0; i < this.order.length; i++) {
      lines.push(this.payload.columns.map((_, j) => cell(this.text(i, j))).join('\t'));
    }
    return lines.join('\n');
  }

  private widestCell(j: number): number {
    const c = this.payload.columns[j];
    let width = 0;
    this.payload.rows.forEach((row, r) => (width = Math.max(width, cellText(c, row[j], r).length)));
    return width;
  }

  private refresh(): void {
    const rows = this.payload.rows;
    let order = identity(rows.length);
    if (this.filter) {
      const search = (this.searchText ??= rows.map((_, r) =>
        this.payload.columns
          .map((c, j) => cellText(c, rows[r][j], r))
          .join('\u0000')
          .toLowerCase(),
      ));
      order = order.filter((r) => search[r].includes(this.filter));
    }
    if (this.sort) {
      const { column, descending } = this.sort;
      const sign = descending ? -1 : 1;
      const collator = new Intl.Collator(undefined, { numeric: true });
      order.sort((a, b) => compareCells(rows[a][column], rows[b][column], sign, collator) || a - b);
    }
    this.order = order;
  }
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** The range heat colours span, or undefined for a column without numbers. */
function heatRange(rows: Cell[][], j: number): [number, number] | undefined {
  const range = numericRange(rows, j);
  return range[0] <= range[1] ? range : undefined;
}

function compareCells(a: Cell, b: Cell, sign: number, collator: Intl.Collator): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
  return sign * collator.compare(String(a), String(b));
}
