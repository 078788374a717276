/** A value of the cohort matrix to show. */
export type CohortValue = 'rate' | 'active' | 'revenue' | 'revenue_cum' | 'ltv';

/** The name of each value in English and Chinese. */
export const COHORT_VALUE_LABELS: Record<CohortValue, [string, string]> = {
  rate: ['retention rate', '留存率'],
  active: ['active users', '活跃用户数'],
  revenue: ['revenue', '收入'],
  revenue_cum: ['cumulative revenue', '累计收入'],
  ltv: ['cumulative LTV per user', '人均累计价值 (LTV)'],
};

/**
 * The Chinese unit of a cohort period (天 / 周 / 月), for offset labels such as 第2周.
 * @param period the matrix's period
 * @returns the unit
 * @example cohortUnitZh('week') // '周'
 */
export function cohortUnitZh(period: string): string {
  return period === 'day' ? '天' : period === 'week' ? '周' : '月';
}

/** The mark and legend note of a cell whose period is not over by the as-of day (PostHog hatches them). */
export const IN_PROGRESS = { marker: '◔', en: 'in progress', zh: '进行中' } as const;
