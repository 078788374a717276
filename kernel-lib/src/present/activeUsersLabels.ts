import type { ActiveUsersResult } from '../metrics/activeUsers/activeUsers.js';

/**
 * The name of an active-users count (活跃用户) in English and Chinese: DAU / WAU / MAU (日活 / 周活 / 月活),
 * or the trailing window's length.
 * @param result a result of `activeUsers()`
 * @returns `[english, chinese]`
 * @example activeUsersName(activeUsers(events, { period: 'week' })) // ['WAU', '周活']
 */
export function activeUsersName(result: ActiveUsersResult): [string, string] {
  const { period, window, rollingDays } = result.spec;
  if (window === 'rolling' && period !== 'day')
    return [`${rollingDays}-day active users`, `近${rollingDays}日活跃用户`];
  return period === 'day' ? ['DAU', '日活'] : period === 'week' ? ['WAU', '周活'] : ['MAU', '月活'];
}
