/**
 * The text of values as written in the input, kept by an inferred (not strict) column for the rows whose
 * text its typed value would not give back (`1.50`, `TRUE`, `2016/10/1 9:05`): when a later value makes
 * the column text, every earlier value is kept as written, not as its number, boolean or ISO date.
 * Rows whose text is the value's own rendering (`12.5`, `true`) cost nothing.
 */
export class Spellings {
  private readonly rows: number[] = [];
  private readonly texts: string[] = [];

  /** Row `row` was written `text` (rows are added in increasing order). */
  add(row: number, text: string): void {
    this.rows.push(row);
    this.texts.push(text);
  }

  /** `rendered` (the values' own renderings) with each kept spelling put back in its row. */
  applyTo(rendered: (string | null)[]): (string | null)[] {
    for (let i = 0; i < this.rows.length; i++) {
      if (this.rows[i] < rendered.length) rendered[this.rows[i]] = this.texts[i];
    }
    return rendered;
  }
}
