import type { CohortMatrixResult } from '../metrics/cohort/cohort.js';
import { cohortGrid } from './cohortFigures.js';
import { COHORT_VALUE_LABELS, IN_PROGRESS, cohortUnitZh, type CohortValue } from './cohortLabels.js';
import { fupanTable, type FupanTableOptions, type FupanTablePayload } from './fupanTable.js';

/**
 * The cohort matrix as a Fupan table (同期群表): one row per cohort with its size, one heat-coloured column per
 * offset; incomplete cells blank.
 * @param result a result of `cohortMatrix()`
 * @param value which value fills the cells. @default 'rate'
 * @returns a payload for `display()`
 * @example display(cohortTable(m, 'ltv'))
 */
export function cohortTable(result: CohortMatrixResult, value: CohortValue = 'rate'): FupanTablePayload {
  const { cohorts, sizes, offsets, z, inProgress } = cohortGrid(result, value);
  const unit = cohortUnitZh(result.spec.period);
  const percent = value === 'rate';
  const columns: FupanTableOptions['columns'] = {
    cohort: { label: 'Cohort', labelZh: '同期群', format: 'string' },
    cohort_size: { label: 'Users', labelZh: '人数', format: 'integer' },
  };
  for (const o of offsets) {
    columns[`m${o}`] = {
      label: `+${o}`,
      labelZh: `第${o}${unit}`,
      format: percent ? 'percent' : value === 'active' ? 'integer' : 'number',
      heat: true,
      digits: percent ? 1 : 2,
    };
  }
  columns.in_progress = {
    label: `${IN_PROGRESS.marker} ${IN_PROGRESS.en}`,
    labelZh: `${IN_PROGRESS.marker} ${IN_PROGRESS.zh}`,
    format: 'string',
  };
  const rows = cohorts.map((c, i) => ({
    cohort: c,
    cohort_size: sizes[i],
    ...Object.fromEntries(offsets.map((o) => [`m${o}`, z[i][o]])),
    // The in-progress cells of the row (a cohort's last, the as-of period's), e.g. "+2 ◔".
    in_progress: offsets
      .filter((o) => inProgress[i][o])
      .map((o) => `+${o} ${IN_PROGRESS.marker}`)
      .join(' '),
  }));
  const [en, zh] = COHORT_VALUE_LABELS[value];
  return fupanTable(rows, {
    title: `Cohorts: ${en}`,
    titleZh: `同期群:${zh}`,
    select: ['cohort', 'cohort_size', ...offsets.map((o) => `m${o}`), 'in_progress'],
    columns,
    spec: result.spec,
    notes: [
      `as of ${result.asOf}; cohorts by ${result.spec.cohortBy === 'signup' ? 'sign-up' : 'first activity'} ${result.spec.period}`,
      result.spec.partialPeriods === 'count'
        ? `${IN_PROGRESS.marker} ${IN_PROGRESS.en} ${IN_PROGRESS.zh}: periods not over by the as-of day show what was seen so far · 未完整的周期为截至目前的数`
        : `${IN_PROGRESS.marker} ${IN_PROGRESS.en} ${IN_PROGRESS.zh}: periods not over by the as-of day are blank, not zero · 未完整的周期留空,不计为 0`,
    ],
  });
}
