import { SpecError } from '../../errors.js';
import { membersOf, type RetentionResult } from './retention.js';

/** Which users of a retention cell to list. */
export interface RetentionCellRef {
  /** Cohort label as in `cells.cohort` (e.g. `2024-01-01`, `2024-01`); omit for the total over complete cohorts. */
  cohort?: string;
  /** The offset (`cells.offset`, the first period of the window) or its label (`'2–7'`, `'7+'`). */
  offset: number | string;
  /** The breakdown group, when the result has a breakdown. */
  group?: string;
  /** Retained users, users who did not return (lost), or the whole cohort. @default 'retained' */
  which?: 'retained' | 'lost' | 'cohort';
}

/** The result of `retentionSql()`: `retention()`'s, with the users behind a cell fetched by a query on its engine. */
export interface RetentionQueryResult extends RetentionResult {
  /** The users behind a cell, as {@link usersIn} lists them (a query built from the same definition). */
  usersIn(cell: RetentionCellRef): Promise<string[]>;
}

/** What a cell reference selects, checked the same way for both engines. */
export interface CheckedCellRef {
  /** Index of the offset in `result.spec.offsets`. */
  k: number;
  which: 'retained' | 'lost' | 'cohort';
}

/**
 * Checks a cell reference against a result: its offset (number or label), `which`, and its cohort among the
 * result's cohorts.
 * @param result the result the cell is in
 * @param cell the reference
 * @param cohorts the cohort labels the result has starts in
 * @throws SpecError naming the option, the value and what it may be
 */
export function checkCellRef(
  result: RetentionResult,
  cell: RetentionCellRef,
  cohorts: readonly string[],
): CheckedCellRef {
  const offsets = result.spec.offsets;
  const k = offsets.findIndex((o) => o.from === cell.offset || o.label === String(cell.offset));
  if (k < 0)
    throw new SpecError(
      'offset',
      cell.offset,
      offsets.map((o) => o.label),
    );
  const which = cell.which ?? 'retained';
  if (!['retained', 'lost', 'cohort'].includes(which))
    throw new SpecError('which', which, ['retained', 'lost', 'cohort']);
  if (cell.cohort !== undefined && !cohorts.includes(cell.cohort))
    throw new SpecError('cohort', cell.cohort, [...new Set(cohorts)].sort());
  return { k, which };
}

/**
 * The users behind a retention cell (留存用户名单), e.g. to export the day-7 non-returners of a channel to
 * an SMS or push tool. Recurring starts can list a user once per cohort period, so ids are de-duplicated.
 * On a `retentionSql()` result the users are fetched from its engine (a promise of the same list).
 * @param result a result of `retention()` or `retentionSql()`
 * @param cell which cell and which of its users
 * @returns user ids, sorted
 * @example usersIn(r, { cohort: '2024-01-01', offset: 7, which: 'lost' })
 */
export function usersIn(result: RetentionQueryResult, cell: RetentionCellRef): Promise<string[]>;
export function usersIn(result: RetentionResult, cell: RetentionCellRef): string[];
export function usersIn(
  result: RetentionResult | RetentionQueryResult,
  cell: RetentionCellRef,
): string[] | Promise<string[]> {
  if (isQueryResult(result)) return result.usersIn(cell);
  const m = membersOf.get(result);
  if (!m) throw new SpecError('result', 'object', 'a result returned by retention() or retentionSql()');
  const { k, which } = checkCellRef(result, cell, m.slotCohort);
  const K = result.spec.offsets.length;
  const ids = new Set<string>();
  for (let j = 0; j < m.user.length; j++) {
    const slot = m.slot[j];
    if (cell.cohort !== undefined ? m.slotCohort[slot] !== cell.cohort : m.complete[slot * K + k] !== 1)
      continue;
    if (cell.group !== undefined && m.slotGroup[slot] !== cell.group) continue;
    const back = m.retained[j * K + k] === 1;
    if (which === 'cohort' || (which === 'retained') === back) ids.add(m.idOf(m.user[j]));
  }
  return [...ids].sort();
}

function isQueryResult(result: RetentionResult): result is RetentionQueryResult {
  return typeof (result as Partial<RetentionQueryResult>).usersIn === 'function';
}
