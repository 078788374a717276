import { clvSummary } from '../../../../kernel-lib/src/metrics/clv/summary.js';
import type { ClvSummary } from '../../../../kernel-lib/src/metrics/clv/summaryResult.js';
import { cdnowOrders } from '../../../../datasets/cdnow/cdnow.js';

/** The published setting: purchases merged per day, weeks = days / 7, 39-week calibration ending 1997-09-30. */
export const CDNOW_SPEC = {
  timeUnit: 'day',
  durationUnit: 'week',
  end: '1998-06-30',
  calibrationEnd: '1997-09-30',
} as const;

let cached: ClvSummary | undefined;

/** The CDNOW sample's calibration/holdout summary (computed once per test run). */
export function cdnowCalibration(): ClvSummary {
  return (cached ??= clvSummary(cdnowOrders(), CDNOW_SPEC));
}

/** Asserts |got / published − 1| ≤ 0.5 % for every published parameter. */
export function withinHalfPercent(got: Record<string, number>, published: Record<string, number>): string[] {
  return Object.entries(published)
    .filter(([k, v]) => !(Math.abs(got[k] / v - 1) <= 0.005))
    .map(([k, v]) => `${k}: ${got[k]} vs published ${v}`);
}
