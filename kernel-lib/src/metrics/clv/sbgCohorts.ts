import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError, SpecError } from '../../errors.js';
import { integerIn, oneOf } from '../../spec.js';
import { cohortMembersOf, type CohortMatrixResult } from '../cohort/cohort.js';
import type { ClvFitOptions } from './likelihood.js';
import { fitSbg, sbgSurvival, type SbgFit } from './sbg.js';

/** How a cohort's customers "still active" at an offset are counted. */
export type SurvivorRule = 'active' | 'lastActive';

/** Options of {@link sbgCohortProjection}. */
export interface SbgCohortSpec {
  /** Project each cohort to offsets 0..horizon. */
  horizon: number;
  /**
   * `'active'` (default): the matrix's active users (contractual data, where a user who stops never
   * returns; a count that rises is an InputError). `'lastActive'`: users active at that offset or any later
   * observed one (for purchase cohorts; needs an in-memory `cohortMatrix` result).
   */
  survivors?: SurvivorRule;
  /** Fit only cohorts with at least this many complete offsets after 0. @default 2 */
  minPeriods?: number;
  fit?: ClvFitOptions;
}

/** What {@link sbgCohortProjection} returns. */
export interface SbgCohortProjection {
  /** One row per cohort and offset 0..horizon: cohort, offset, cohort_size, observed (null when not observed), projected, rate. */
  curves: ColumnTable;
  /** One fit per cohort (cohorts with too few complete offsets are listed in `skipped`). */
  fits: { cohort: string; fit: SbgFit }[];
  skipped: { cohort: string; reason: string }[];
  survivors: SurvivorRule;
}

/**
 * Fits the sBG model (Fader & Hardie 2007) to each cohort of a cohort matrix (同期群留存预测) on its complete
 * offsets and projects its retention curve forward to `horizon`.
 * @param matrix what cohortMatrix (or cohortMatrixSql, with `survivors: 'active'`) returned
 * @param spec horizon and survivor rule
 */
export function sbgCohortProjection(matrix: CohortMatrixResult, spec: SbgCohortSpec): SbgCohortProjection {
  const horizon = integerIn('horizon', spec.horizon, 1, 10_000);
  const rule = oneOf('survivors', spec.survivors, ['active', 'lastActive'], 'active');
  const minPeriods = integerIn('minPeriods', spec.minPeriods, 1, 10_000, 2);
  const series = rule === 'active' ? activeSeries(matrix) : lastActiveSeries(matrix);
  const cols = {
    cohort: [] as string[],
    offset: [] as number[],
    cohort_size: [] as number[],
    observed: [] as (number | null)[],
    projected: [] as number[],
    rate: [] as number[],
  };
  const fits: SbgCohortProjection['fits'] = [];
  const skipped: SbgCohortProjection['skipped'] = [];
  for (const [cohort, survivors] of series) {
    if (survivors.length - 1 < minPeriods) {
      skipped.push({
        cohort,
        reason: `${survivors.length - 1} complete offsets (at least ${minPeriods} needed)`,
      });
      continue;
    }
    const fit = fitSbg(survivors, spec.fit);
    fits.push({ cohort, fit });
    const curve = sbgSurvival(fit.params, horizon);
    for (let t = 0; t <= horizon; t++) {
      cols.cohort.push(cohort);
      cols.offset.push(t);
      cols.cohort_size.push(survivors[0]);
      cols.observed.push(t < survivors.length ? survivors[t] : null);
      cols.projected.push(survivors[0] * curve[t]);
      cols.rate.push(curve[t]);
    }
  }
  return { curves: aq.table(cols), fits, skipped, survivors: rule };
}

/** Complete cells per cohort, in offset order; 'active' counts must not rise. */
function activeSeries(matrix: CohortMatrixResult): Map<string, number[]> {
  const c = matrix.cells;
  const cohort = c.array('cohort') as ArrayLike<string>;
  const offset = c.array('offset') as ArrayLike<number>;
  const active = c.array('active') as ArrayLike<number | null>;
  const complete = c.array('complete') as ArrayLike<boolean>;
  const out = new Map<string, number[]>();
  for (let i = 0; i < c.numRows(); i++) {
    if (!complete[i]) continue;
    const s = out.get(cohort[i]) ?? [];
    if (s.length !== offset[i]) continue; // a gap: keep the complete prefix only
    const n = Number(active[i]);
    if (s.length > 0 && n > s[s.length - 1]) {
      throw new InputError(
        'active users rise, so they are not survivors',
        {
          file: 'cohort matrix',
          column: 'active',
          value: `${cohort[i]} offset ${offset[i]}: ${n} > ${s[s.length - 1]}`,
        },
        "non-increasing counts (contractual retention), or survivors: 'lastActive' for purchase cohorts",
      );
    }
    s.push(n);
    out.set(cohort[i], s);
  }
  return out;
}

/** Users active at offset t or later (complete offsets only), per cohort. */
function lastActiveSeries(matrix: CohortMatrixResult): Map<string, number[]> {
  const members = cohortMembersOf.get(matrix);
  if (!members)
    throw new SpecError(
      'survivors',
      'lastActive',
      "an in-memory cohortMatrix result (SQL results: 'active')",
    );
  const c = matrix.cells;
  const cohortCol = c.array('cohort') as ArrayLike<string>;
  const offsetCol = c.array('offset') as ArrayLike<number>;
  const complete = c.array('complete') as ArrayLike<boolean>;
  const observed = new Map<string, number>();
  for (let i = 0; i < c.numRows(); i++) {
    if (complete[i]) observed.set(cohortCol[i], Math.max(observed.get(cohortCol[i]) ?? -1, offsetCol[i] + 1));
  }
  const counts = members.labels.map((label) => new Array<number>(observed.get(label) ?? 0).fill(0));
  for (let u = 0; u < members.cohort.length; u++) {
    const k = members.cohort[u];
    if (k < 0) continue;
    const s = counts[k];
    let last = -1;
    for (let t = s.length - 1; t >= 0; t--) {
      if (members.activeIn(u, t)) {
        last = t;
        break;
      }
    }
    for (let t = 0; t <= last; t++) s[t]++;
  }
  const out = new Map<string, number[]>();
  members.labels.forEach((label, k) => {
    if (counts[k].length > 0 && counts[k][0] > 0) out.set(label, counts[k]);
  });
  return out;
}
