/** The canonical columns `load()` maps a file's names to, by their key in a `columns` map. */
const CANONICAL = { user_id: 'userId', ts: 'ts', amount: 'amount' } as const;

/** A `columns` argument of an SQL metric: where the canonical columns are in a source (`load()`'s `columns` keys). */
export interface ColumnMap {
  userId?: string;
  ts?: string;
  amount?: string | null;
}

/**
 * The source column an SQL metric reads for a column name of the data as the metric sees it (映射列): the one
 * way columns are mapped. A canonical name (`user_id`, `ts`, `amount`) goes through the `columns` argument, as
 * `load()`'s `columns` option maps it in memory; any other name (a spec's `userColumn: 'visitor_id'`,
 * `eventColumn`, a `where` key) is the source's own column, as it is the table's own in memory.
 * @param name a column name as the metric's spec or definition gives it
 * @param columns the `columns` argument
 * @returns the source column to read
 * @example sourceColumnOf('user_id', { userId: 'uid' }) // 'uid'
 */
export function sourceColumnOf(name: string, columns: ColumnMap): string {
  const key = (CANONICAL as Record<string, keyof ColumnMap | undefined>)[name];
  const mapped = key === undefined ? undefined : columns[key];
  return typeof mapped === 'string' ? mapped : name;
}
