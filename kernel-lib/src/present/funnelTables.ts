import type { FunnelResult } from '../metrics/funnel/funnel.js';
import { fupanTable, type FupanTablePayload } from './fupanTable.js';

/**
 * The funnel's steps as a Fupan table: PV, UV, step and overall conversion, median minutes between steps.
 * @param result what {@link funnel} returned
 * @returns a Fupan table payload
 * @example display(funnelTable(result))
 */
export function funnelTable(result: FunnelResult): FupanTablePayload {
  const t = result.steps;
  const rows = (t.objects() as Record<string, any>[]).map((r) => ({
    ...r,
    medianMinutesFromPrevious: Number.isFinite(r.medianMsFromPrevious)
      ? r.medianMsFromPrevious / 60_000
      : null,
  }));
  return fupanTable(rows, {
    title: 'Funnel',
    titleZh: '转化漏斗',
    select: [
      'step',
      'label',
      'events',
      'users',
      'conversionFromPrevious',
      'conversionFromStart',
      'medianMinutesFromPrevious',
    ],
    columns: {
      step: { label: 'Step', labelZh: '步骤', format: 'integer' },
      label: { label: 'Step name', labelZh: '步骤名' },
      events: { label: 'Events (PV)', labelZh: '次数(PV)', format: 'integer' },
      users: { label: 'Users (UV)', labelZh: '人数(UV)', format: 'integer' },
      conversionFromPrevious: { label: 'From previous', labelZh: '步骤转化率', format: 'percent' },
      conversionFromStart: { label: 'Overall', labelZh: '总体转化率', format: 'percent', heat: true },
      medianMinutesFromPrevious: {
        label: 'Median minutes',
        labelZh: '中位耗时(分钟)',
        format: 'number',
        digits: 1,
      },
    },
    spec: result.spec,
  });
}
