import { InputError } from '../../errors.js';
import type { Segments } from './segments.js';

/**
 * Refuses two different balances (持仓余额) of one user at one instant: which of them is the user's
 * holdings would depend on the order of the rows, so the stage could flip when the file is sorted
 * differently (the SQL engines refuse it too). The same balance twice is a harmless repeat.
 * @param seg the balance rows grouped by user and sorted by time
 * @param amount the balances, in the order of `seg`
 * @param keep each sorted row's row in the input table (0-based)
 * @param userId a user's id from its number
 * @example refuseBalanceTies(seg, amount, keep, (u) => ids[u])
 */
export function refuseBalanceTies(
  seg: Segments,
  amount: Float64Array,
  keep: Int32Array,
  userId: (user: number) => string,
): void {
  const users = seg.start.length - 1;
  for (let u = 0; u < users; u++) {
    for (let i = seg.start[u] + 1; i < seg.start[u + 1]; i++) {
      const same =
        amount[i] === amount[i - 1] || (amount[i] !== amount[i] && amount[i - 1] !== amount[i - 1]);
      if (seg.ms[i] !== seg.ms[i - 1] || same) continue;
      throw new InputError(
        'two different balances of one user at one time',
        {
          file: 'balances',
          row: keep[i] + 1,
          column: 'balance',
          value: `${userId(u)} at ${new Date(seg.ms[i]).toISOString()}: ${amount[i - 1]} and ${amount[i]}`,
        },
        'one balance per user and date',
      );
    }
  }
}
