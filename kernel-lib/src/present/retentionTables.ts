import { RETENTION_MEASURES, type RetentionResult } from '../metrics/retention/retention.js';
import { groupColumnLabels } from './columnLabels.js';
import { fupanTable, type FupanTableOptions, type FupanTablePayload } from './fupanTable.js';

/** Notes every retention display carries, so a reader knows what blank cells and intervals mean. */
function retentionNotes(result: RetentionResult): string[] {
  const s = result.spec;
  return [
    `as of ${result.asOf}; ${s.start === 'first' ? 'first-time' : 'recurring'} starts; ${s.mode} ${s.period} offsets; ${s.window === 'calendar' ? `calendar ${s.period}s in ${s.timeZone}` : '24-hour windows from the start instant'}`,
    'incomplete cells (window not yet over at the as-of date) are blank, not zero · 未完整的格子留空,不计为 0',
    `interval: Wilson ${Math.round(s.level * 100)} % · 置信区间`,
  ];
}

/**
 * A Fupan table of retention (留存率) in long form: one row per cohort (or the total), breakdown group and
 * offset, with counts, the rate as a heat-coloured percentage and its interval.
 * @param result a result of `retention()`
 * @param options `rows: 'total'` (default) for totals over complete cohorts, `'cells'` for every cohort
 * @returns a payload for `display()`
 * @example display(retentionTable(retention(events, spec), { rows: 'cells' }))
 */
export function retentionTable(
  result: RetentionResult,
  options: { rows?: 'total' | 'cells' } = {},
): FupanTablePayload {
  const table = options.rows === 'cells' ? result.cells : result.total;
  const breakdown = result.spec.breakdown;
  const columns: FupanTableOptions['columns'] = {
    cohort: { label: 'Cohort', labelZh: '同期群', format: 'string' },
    offset_label: {
      label: `${cap(result.spec.period)} N`,
      labelZh: periodZh(result.spec.period),
      format: 'string',
    },
    cohort_size: { label: 'Cohort size', labelZh: '同期人数', format: 'integer' },
    retained: { label: 'Retained', labelZh: '留存人数', format: 'integer' },
    rate: { label: 'Retention rate', labelZh: '留存率', format: 'percent', heat: true, digits: 1 },
    rate_low: { label: 'Low', labelZh: '置信下限', format: 'percent', digits: 1 },
    rate_high: { label: 'High', labelZh: '置信上限', format: 'percent', digits: 1 },
  };
  if (breakdown) columns[breakdown] = { ...groupColumnLabels(breakdown), format: 'string' };
  return fupanTable(table, {
    title: 'Retention',
    titleZh: '留存分析',
    select: ['cohort', ...(breakdown ? [breakdown] : []), 'offset_label', ...RETENTION_MEASURES],
    columns,
    spec: result.spec,
    notes: retentionNotes(result),
  });
}

/**
 * Retention as a matrix (留存矩阵): one row per cohort (and group), one heat-coloured rate column per offset;
 * incomplete cells blank.
 * @param result a result of `retention()`
 * @returns a payload for `display()`
 * @example display(retentionMatrixTable(retention(events, { period: 'week', periods: 8 })))
 */
export function retentionMatrixTable(result: RetentionResult): FupanTablePayload {
  const breakdown = result.spec.breakdown;
  const rows = new Map<string, Record<string, unknown>>();
  for (const c of result.cells.objects() as Record<string, unknown>[]) {
    const key = `${c.cohort}\u0000${breakdown ? c[breakdown] : ''}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        cohort: c.cohort,
        ...(breakdown ? { [breakdown]: c[breakdown] } : {}),
        cohort_size: c.cohort_size,
      };
      rows.set(key, row);
    }
    row[`d${c.offset}`] = c.rate;
  }
  const columns: FupanTableOptions['columns'] = {
    cohort: { label: 'Cohort', labelZh: '同期群', format: 'string' },
    cohort_size: { label: 'Cohort size', labelZh: '同期人数', format: 'integer' },
  };
  if (breakdown) columns[breakdown] = { ...groupColumnLabels(breakdown), format: 'string' };
  for (const o of result.spec.offsets) {
    columns[`d${o.from}`] = {
      label: `${cap(result.spec.period)} ${o.label}`,
      labelZh: `${periodZh(result.spec.period).replace('N', o.label)}`,
      format: 'percent',
      heat: true,
      digits: 1,
    };
  }
  return fupanTable([...rows.values()], {
    title: 'Retention matrix',
    titleZh: '留存矩阵',
    select: [
      'cohort',
      ...(breakdown ? [breakdown] : []),
      'cohort_size',
      ...result.spec.offsets.map((o) => `d${o.from}`),
    ],
    columns,
    spec: result.spec,
    notes: retentionNotes(result),
  });
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

/** "第N天" / "第N周" / "第N月". */
export function periodZh(period: string): string {
  return `第N${period === 'day' ? '天' : period === 'week' ? '周' : '月'}`;
}
