import { InputError } from '../../errors.js';
import { formatDay } from '../../time/zone.js';
import { metricZone } from '../../time/context.js';
import { buildHistory, type UserData } from '../history/history.js';

/**
 * The default as-of day of the data (数据截止日): the last local day with an event, order, payout or balance
 * row of a known user — the rule retention and cohorts use when no `asOf` is given, for the metrics that
 * need one stated (`lifecycle`, `churn`).
 * @param data the tables (`users` defines who exists)
 * @param timeZone day boundaries @default the zone the tables carry (`load()`'s `timeZone`), else 'UTC'
 * @returns `YYYY-MM-DD`
 * @example lifecycle(data, { asOf: lastDataDay(data, 'Europe/London') })
 */
export function lastDataDay(data: UserData, timeZone?: string): string {
  const history = buildHistory(data, { zone: metricZone(timeZone, data), untilDay: Number.MAX_SAFE_INTEGER });
  if (history.lastDataDay === -Infinity) {
    throw new InputError(
      'no dated rows',
      { file: 'events, orders, payouts or balances' },
      'at least one row',
    );
  }
  return formatDay(history.lastDataDay);
}
