import { SpecError } from '../../errors.js';
import { cohortMembersOf, type CohortMatrixResult } from './cohort.js';

/** Which users of a cohort-matrix cell to list. */
export interface CohortCellRef {
  /** Cohort label as in `cells.cohort` (e.g. `2011-01`). */
  cohort: string;
  /** Periods after the cohort's own. @default 0 */
  offset?: number;
  /** Users active in that period, users who were not, or the whole cohort. @default 'active' */
  which?: 'active' | 'inactive' | 'cohort';
}

/** The result of `cohortMatrixSql()`: `cohortMatrix()`'s, with the users behind a cell fetched by a query on its engine. */
export interface CohortQueryResult extends CohortMatrixResult {
  /** The users behind a cell, as {@link cohortUsers} lists them (a query built from the same definition). */
  usersIn(cell: CohortCellRef): Promise<string[]>;
}

/**
 * Checks a cell reference against a result's cohorts and offsets, the same way for both engines.
 * @param cell the reference
 * @param labels the result's cohort labels, in period order
 * @param offsets how many offsets the result has
 * @returns the cohort's index in `labels`, the offset and which users
 * @throws SpecError naming the option, the value and what it may be
 */
export function checkCohortCell(
  cell: CohortCellRef,
  labels: readonly string[],
  offsets: number,
): { cohort: number; offset: number; which: 'active' | 'inactive' | 'cohort' } {
  const cohort = labels.indexOf(cell.cohort);
  if (cohort < 0) throw new SpecError('cohort', cell.cohort, [...labels]);
  const which = cell.which ?? 'active';
  if (!['active', 'inactive', 'cohort'].includes(which))
    throw new SpecError('which', which, ['active', 'inactive', 'cohort']);
  const offset = cell.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset >= offsets)
    throw new SpecError('offset', offset, `a whole number from 0 to ${offsets - 1}`);
  return { cohort, offset, which };
}

/**
 * The users behind a cohort-matrix cell (同期群用户名单): the cohort's users who were active in period
 * `offset` (`which: 'active'`), who were not (`'inactive'`), or the whole cohort. On a `cohortMatrixSql()`
 * result the users are fetched from its engine (a promise of the same list).
 * @param result a result of `cohortMatrix()` or `cohortMatrixSql()`
 * @param cell cohort label (as in `cells.cohort`), offset and which users
 * @returns user ids, sorted
 * @example cohortUsers(m, { cohort: '2011-01', offset: 3, which: 'inactive' })
 */
export function cohortUsers(result: CohortQueryResult, cell: CohortCellRef): Promise<string[]>;
export function cohortUsers(result: CohortMatrixResult, cell: CohortCellRef): string[];
export function cohortUsers(
  result: CohortMatrixResult | CohortQueryResult,
  cell: CohortCellRef,
): string[] | Promise<string[]> {
  if (isQueryResult(result)) return result.usersIn(cell);
  const m = cohortMembersOf.get(result);
  if (!m) throw new SpecError('result', 'object', 'a result returned by cohortMatrix() or cohortMatrixSql()');
  const { cohort: c, offset: off, which } = checkCohortCell(cell, m.labels, m.offsets);
  const ids: string[] = [];
  for (let u = 0; u < m.cohort.length; u++) {
    if (m.cohort[u] !== c) continue;
    if (which === 'cohort' || (which === 'active') === m.activeIn(u, off)) ids.push(m.idOf(u));
  }
  return ids.sort();
}

function isQueryResult(result: CohortMatrixResult): result is CohortQueryResult {
  return typeof (result as Partial<CohortQueryResult>).usersIn === 'function';
}
