import { rfm, segmentLabel, type RfmSegment } from '@fupan/kernel-lib';
import type { ColumnTable } from 'arquero';
import type { PreviewStrategy, PreviewSummary, SegmentSummaryRow } from '../shared/previewMessages.js';
import { SegmentedUsers } from './segmentedUsers.js';
import { strategySpec } from './strategies.js';

/** One computed state of the preview: the summary the webview shows and the users behind it. */
export interface PreviewState {
  summary: PreviewSummary;
  users: SegmentedUsers;
}

/**
 * RFM segments of a loaded orders table, recomputed in the extension host when the strategy changes. No
 * VS Code API here, so the bench and the unit tests drive exactly what the preview runs.
 * @param orders canonical orders from `load()` (user_id, ts, amount)
 * @param fileName shown in the summary
 * @param strategy threshold strategy
 * @returns the summary (8 segments: count, share, mean R/F/M, English and Chinese labels) and the users
 * @example const { summary } = computePreview(await load('orders.csv', { table: 'orders' }), 'orders.csv', 'mean');
 */
export function computePreview(
  orders: ColumnTable,
  fileName: string,
  strategy: PreviewStrategy,
): PreviewState {
  const result = rfm(orders, strategySpec(strategy));
  const objects = result.segments.objects() as Record<string, unknown>[];
  const segments: SegmentSummaryRow[] = objects.map((o) => ({
    segment: String(o.segment),
    labelEn: segmentLabel(o.segment as RfmSegment, 'en'),
    labelZh: segmentLabel(o.segment as RfmSegment, 'zh'),
    users: Number(o.users),
    share: Number(o.share),
    meanRecency: o.mean_recency as number | null,
    meanFrequency: o.mean_frequency as number | null,
    meanMonetary: o.mean_monetary as number | null,
  }));
  const users = new SegmentedUsers(result);
  return {
    summary: {
      fileName,
      strategy,
      orders: orderCount(orders),
      users: users.size,
      asOf: result.spec.asOf,
      segments,
      spec: result.spec,
    },
    users,
  };
}

/**
 * Orders, not lines: the distinct `order_id`s when the file has order ids (an invoice of 20 lines is one
 * order), else the rows.
 */
function orderCount(orders: ColumnTable): number {
  if (!orders.columnNames().includes('order_id')) return orders.numRows();
  const ids = orders.array('order_id') as ArrayLike<unknown>;
  const seen = new Set<unknown>();
  for (let i = 0; i < ids.length; i++) if (ids[i] !== null && ids[i] !== undefined) seen.add(ids[i]);
  return seen.size;
}
