import { SpecError } from '../../errors.js';
import { cohortMembersOf, type CohortMatrixResult } from './cohort.js';

/**
 * The users behind a cohort-matrix cell: the cohort's users who were active in period `offset`
 * (`which: 'active'`), who were not (`'inactive'`), or the whole cohort.
 * @param result a result of `cohortMatrix()`
 * @param cell cohort label (as in `cells.cohort`), offset and which users
 * @returns user ids, sorted
 * @example cohortUsers(m, { cohort: '2011-01', offset: 3, which: 'inactive' })
 */
export function cohortUsers(
  result: CohortMatrixResult,
  cell: { cohort: string; offset?: number; which?: 'active' | 'inactive' | 'cohort' },
): string[] {
  const m = cohortMembersOf.get(result);
  if (!m) throw new SpecError('result', 'object', 'a result returned by cohortMatrix()');
  const c = m.labels.indexOf(cell.cohort);
  if (c < 0) throw new SpecError('cohort', cell.cohort, m.labels);
  const which = cell.which ?? 'active';
  if (!['active', 'inactive', 'cohort'].includes(which))
    throw new SpecError('which', which, ['active', 'inactive', 'cohort']);
  const off = cell.offset ?? 0;
  if (!Number.isInteger(off) || off < 0 || off >= m.offsets)
    throw new SpecError('offset', off, `a whole number from 0 to ${m.offsets - 1}`);
  const ids: string[] = [];
  for (let u = 0; u < m.cohort.length; u++) {
    if (m.cohort[u] !== c) continue;
    if (which === 'cohort' || (which === 'active') === m.activeIn(u, off)) ids.push(m.idOf(u));
  }
  return ids.sort();
}
