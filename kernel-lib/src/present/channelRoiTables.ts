import type { ChannelRoiResult } from '../metrics/channelRoi/channelRoi.js';
import { fupanTable, type FupanTablePayload } from './fupanTable.js';

/**
 * Channel ROI (渠道ROI) as a Fupan table, with sustainable (可持续) marked.
 * @param result what {@link channelRoi} returned
 * @param options `byPeriod`: one row per channel and period instead of per channel
 * @returns a Fupan table payload
 * @example display(channelRoiTable(channelRoi({ users, orders, costs })))
 */
export function channelRoiTable(
  result: ChannelRoiResult,
  options: { byPeriod?: boolean } = {},
): FupanTablePayload {
  const t = options.byPeriod ? result.table : result.byChannel;
  return fupanTable(t, {
    title: 'Channel ROI',
    titleZh: '渠道ROI',
    columns: {
      channel: { label: 'Channel', labelZh: '渠道' },
      period: { label: 'Period', labelZh: '周期' },
      cost: { label: 'Cost', labelZh: '渠道成本', format: 'currency' },
      revenue: { label: 'Revenue', labelZh: '渠道收入', format: 'currency' },
      payingUsers: { label: 'Paying users', labelZh: '付费用户数', format: 'integer' },
      roi: { label: 'ROI', labelZh: 'ROI', format: 'number', digits: 2, heat: true },
      sustainable: { label: 'Sustainable', labelZh: '可持续' },
    },
    notes: [
      'ROI = revenue of the channel’s users / channel cost; blank ROI = no cost recorded for the channel',
    ],
  });
}
