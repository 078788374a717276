import type { ColumnTable } from 'arquero';

/**
 * The time zone a table carries (数据时区): set by `load()` (its `timeZone` option, else `'UTC'`), read by
 * every metric unless its spec names a zone. It is kept in the table's arquero parameters, which every
 * verb that makes its output with `table.create()` passes on: `filter`, `derive`, `select`, `rename`,
 * `orderby`, `groupby`, `rollup`, `join` (the left table's), `concat`, `dedupe`, `reify`, `slice`,
 * `sample`. A table built anew (`aq.table`, `aq.from`, `aq.fromArrow`, `toArrow` and back) carries none.
 */
const KEY = 'fupan:timeZone';

/**
 * Records the zone of a table's local times (its naive timestamps were read in it).
 * @param table the table (`load()`'s output); its parameters gain the zone
 * @param timeZone an IANA zone or an offset, already checked
 * @returns the same table
 * @example withTimeZone(table, 'Asia/Shanghai')
 */
export function withTimeZone(table: ColumnTable, timeZone: string): ColumnTable {
  table.params({ [KEY]: timeZone });
  return table;
}

/**
 * The zone a table carries (数据时区), or undefined when it carries none.
 * @param table any arquero table
 * @returns e.g. `'Asia/Shanghai'` for a table loaded with that `timeZone`
 * @example tableTimeZone(await load('orders.csv', { timeZone: 'Asia/Shanghai' })) // 'Asia/Shanghai'
 */
export function tableTimeZone(table: ColumnTable): string | undefined {
  const zone = (table.params() as Record<string, unknown> | undefined)?.[KEY];
  return typeof zone === 'string' ? zone : undefined;
}
