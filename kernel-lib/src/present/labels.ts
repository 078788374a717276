import type { ColumnTable } from 'arquero';
import { SpecError } from '../errors.js';

/** A language of a presented label (展示语言): English or Chinese. */
export type Lang = 'en' | 'zh';

/** The English and Chinese names (展示名称) of each code of a result column. */
export type CodeLabels<C extends string> = Readonly<Record<C, readonly [en: string, zh: string]>>;

/**
 * The presented name of a code in one language, e.g. a stage's 成长期.
 * @param labels the dictionary of the codes (a present/<metric>Labels.ts one)
 * @param code a code of a result column
 * @param lang 'en' or 'zh'
 * @returns the name
 * @throws FupanError when the dictionary has no such code (a code a newer result added)
 * @example labelOf(STAGE_NAMES, 'growth', 'zh') // '成长期'
 */
export function labelOf<C extends string>(labels: CodeLabels<C>, code: C, lang: Lang): string {
  const names = Object.prototype.hasOwnProperty.call(labels, code) ? labels[code] : undefined;
  if (!names) throw new SpecError('code', code, Object.keys(labels));
  return names[lang === 'en' ? 0 : 1];
}

/**
 * Records of a result table with each code of `column` joined by its names, as `<column>_en` and
 * `<column>_zh` (the presented columns of a table; compute results carry the code only).
 * @param table a result table
 * @param column the column of codes
 * @param labels their names
 * @returns one record per row, the code column kept
 * @example labelledRows(churn(data, spec).byStage, 'stage', STAGE_NAMES)[0].stage_zh // '新手期'
 */
export function labelledRows<C extends string>(
  table: ColumnTable,
  column: string,
  labels: CodeLabels<C>,
): Record<string, unknown>[] {
  return (table.objects() as Record<string, unknown>[]).map((row) => ({
    ...row,
    [`${column}_en`]: labelOf(labels, row[column] as C, 'en'),
    [`${column}_zh`]: labelOf(labels, row[column] as C, 'zh'),
  }));
}

/**
 * The names of every code in one language, as a record (for a dictionary exported one language at a time).
 * @example namesIn(STAGE_NAMES, 'zh').growth // '成长期'
 */
export function namesIn<C extends string>(labels: CodeLabels<C>, lang: Lang): Record<C, string> {
  const i = lang === 'en' ? 0 : 1;
  return Object.fromEntries(
    Object.entries<readonly [string, string]>(labels).map(([c, n]) => [c, n[i]]),
  ) as Record<C, string>;
}
