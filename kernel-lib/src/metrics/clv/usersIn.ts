import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { numbersOf, stringsOf } from '../../table/access.js';

/**
 * The users behind a band of P(alive) (存活概率区间的用户名单), e.g. likely-churned high spenders for a win-back
 * push: `from ≤ p_alive < to` (`to` = 1 includes 1).
 * @param predictions what {@link clvPredictions} returned
 * @param band P(alive) range, e.g. `[0, 0.3]`
 * @param column which probability column (`'p_alive'` or `'p_alive_after'`)
 * @returns user ids in the table's order
 * @example clvUsersIn(predictions, [0, 0.3])
 */
export function clvUsersIn(
  predictions: ColumnTable,
  band: readonly [number, number],
  column: 'p_alive' | 'p_alive_after' = 'p_alive',
): string[] {
  const [from, to] = band;
  if (!(from >= 0 && to <= 1 && from < to))
    throw new SpecError('band', band, '[from, to] with 0 ≤ from < to ≤ 1');
  const p = numbersOf(predictions, column);
  const ids = stringsOf(predictions, 'user_id');
  const out: string[] = [];
  for (let i = 0; i < p.length; i++)
    if (p[i] >= from && (p[i] < to || (to === 1 && p[i] === 1))) out.push(ids[i]!);
  return out;
}
