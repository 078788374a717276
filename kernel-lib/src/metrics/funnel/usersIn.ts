import { SpecError } from '../../errors.js';
import type { FunnelResult } from './funnel.js';

/**
 * The users behind a funnel count: those who reached `step` (1-based), or with `dropped: true` those who
 * reached it and went no further (流失用户 of that step, for a reminder list).
 * @param result what {@link funnel} returned
 * @param step 1-based step
 * @param options `dropped`: only users who stopped at this step; `breakdown`: only this breakdown value
 * @returns user ids (of the funnel's user column)
 * @example funnelUsers(result, 2, { dropped: true, breakdown: 'wechat' })
 */
export function funnelUsers(
  result: FunnelResult,
  step: number,
  options: { dropped?: boolean; breakdown?: string | null } = {},
): string[] {
  const k = result.spec.steps.length;
  if (!Number.isInteger(step) || step < 1 || step > k)
    throw new SpecError('step', step, `a step from 1 to ${k}`);
  const ids = result.users.array('user_id') as string[];
  const reached = result.users.array('stepsReached') as number[];
  const by =
    'breakdown' in options && result.users.columnNames().includes('breakdown')
      ? (result.users.array('breakdown') as (string | null)[])
      : undefined;
  return ids.filter(
    (_, i) =>
      (options.dropped ? reached[i] === step : reached[i] >= step) && (!by || by[i] === options.breakdown),
  );
}
