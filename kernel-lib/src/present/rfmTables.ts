import { SEGMENT_MEASURES, type RfmGroupThresholds, type RfmResult } from '../metrics/rfm/rfm.js';
import { groupColumnLabels } from './columnLabels.js';
import type { RfmDimensionThresholds } from '../metrics/rfm/scoring.js';
import { fupanTable, type FupanTablePayload } from './fupanTable.js';
import { labelledRows } from './labels.js';
import { RFM_SEGMENT_NAMES } from './rfmLabels.js';
import { minOf, maxOf } from '../math/extent.js';

/**
 * The RFM segment table as a Fupan table payload (客户分群表): bilingual headers, shares as percent,
 * the spec attached and the thresholds of each dimension as notes.
 * @param result what `rfm` returned
 * @returns a payload for `display()` (HTML fallback plus `application/vnd.fupan.table+json`)
 * @example display(rfmTable(rfm(orders, { scoring: { method: 'mean' } })))
 */
export function rfmTable(result: RfmResult): FupanTablePayload {
  const groupBy = result.spec.groupBy;
  const select = [...(groupBy ? [groupBy] : []), 'segment_zh', 'segment_en', ...SEGMENT_MEASURES];
  const columns = {
    ...(groupBy ? { [groupBy]: { ...groupColumnLabels(groupBy), format: 'string' as const } } : {}),
    segment_zh: { label: 'Segment (中文)', labelZh: '客户分群', format: 'string' as const },
    segment_en: { label: 'Segment', labelZh: '分群(英文)', format: 'string' as const },
    users: { label: 'Users', labelZh: '用户数', format: 'integer' as const, heat: true },
    share: { label: 'Share of users', labelZh: '用户占比', format: 'percent' as const, digits: 1 },
    mean_recency: {
      label:
        result.spec.recency === 'daysSinceLast'
          ? 'Mean days since last purchase'
          : 'Mean age at last purchase',
      labelZh: result.spec.recency === 'daysSinceLast' ? '平均最近消费间隔(天)' : '平均末次消费时龄(天)',
      format: 'number' as const,
      digits: 1,
    },
    mean_frequency: {
      label: FREQUENCY_LABELS[result.spec.frequency].en,
      labelZh: FREQUENCY_LABELS[result.spec.frequency].zh,
      format: 'number' as const,
      digits: 2,
    },
    mean_monetary: {
      label: result.spec.monetary === 'sum' ? 'Mean amount' : 'Mean order value',
      labelZh: result.spec.monetary === 'sum' ? '平均消费金额' : '平均客单价',
      format: 'currency' as const,
      digits: 2,
    },
    total_monetary: {
      label: 'Total amount',
      labelZh: '消费金额合计',
      format: 'currency' as const,
      digits: 2,
    },
  };
  return fupanTable(labelledRows(result.segments, 'segment', RFM_SEGMENT_NAMES), {
    title: `RFM segments (as of ${result.spec.asOf})`,
    titleZh: `RFM 客户分群(截至 ${result.spec.asOf})`,
    select,
    columns,
    spec: result.spec,
    notes: result.thresholds.map(thresholdNote),
  });
}

/** One line per group saying how each dimension was split, e.g. "M: mean, high above 163". */
export function thresholdNote(t: RfmGroupThresholds): string {
  const part = (letter: string, d: RfmDimensionThresholds) => {
    const high = d.scores
      .filter((s) => s.score >= d.highFrom && s.users > 0)
      .map((s) => s.min)
      .concat(d.scores.filter((s) => s.score >= d.highFrom && s.users > 0).map((s) => s.max))
      .filter((v): v is number => v !== null);
    const range = high.length ? `${round(minOf(high))}–${round(maxOf(high))}` : 'none';
    return `${letter}: ${d.method}, ${d.levels} scores, high = score ≥ ${d.highFrom} (values ${range})`;
  };
  const prefix = t.group === null ? '' : `${t.group}: `;
  return `${prefix}${part('R', t.recency)}; ${part('F', t.frequency)}; ${part('M', t.monetary)}`;
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** The mean-frequency header per frequency definition (English, Chinese). */
const FREQUENCY_LABELS = {
  orders: { en: 'Mean orders', zh: '平均消费次数' },
  purchaseDays: { en: 'Mean purchase days', zh: '平均消费天数' },
  rows: { en: 'Mean purchase rows', zh: '平均消费行数' },
} as const;
