import type { ActiveUsersResult } from '../metrics/activeUsers/activeUsers.js';
import { activeUsersName } from './activeUsersLabels.js';
import { fupanTable, type FupanTablePayload } from './fupanTable.js';

/**
 * A Fupan table of active users with the share of new users (新用户占比).
 * @param result a result of `activeUsers()`
 * @returns a payload for `display()`
 * @example display(activeUsersTable(activeUsers(events, { period: 'month' })))
 */
export function activeUsersTable(result: ActiveUsersResult): FupanTablePayload {
  const rows = (result.table.objects() as Record<string, unknown>[]).map((r) => ({
    ...r,
    new_share: (r.active as number) > 0 ? (r.new as number) / (r.active as number) : null,
  }));
  const [en, zh] = activeUsersName(result);
  return fupanTable(rows, {
    title: en,
    titleZh: zh,
    select: ['period', 'active', 'new', 'existing', 'new_share'],
    columns: {
      period: {
        label: result.spec.window === 'rolling' ? 'Window ending' : 'Period',
        labelZh: result.spec.window === 'rolling' ? '截止日' : '周期',
        format: 'string',
      },
      active: { label: en, labelZh: zh, format: 'integer' },
      new: { label: 'New', labelZh: '新用户', format: 'integer' },
      existing: { label: 'Existing', labelZh: '老用户', format: 'integer' },
      new_share: { label: 'New share', labelZh: '新用户占比', format: 'percent', heat: true, digits: 1 },
    },
    spec: result.spec,
    notes: [
      `new = ${result.spec.newBy === 'signup' ? 'signed up in the period or window (当天注册当天访问)' : 'first seen in the period or window'}; as of ${result.asOf}`,
    ],
  });
}
