import { DAY_MS, SHANGHAI } from '../clock.js';
import type { UserHistory } from './history.js';
import { payoutOf } from './history.js';
import { rateOf } from './user.js';

/** What the win-back targeting needs to know about a user at the campaign start. */
export interface WinbackProfile {
  index: number;
  /** Investments before the campaign start. */
  investments: number;
  /** Local day of the last login or investment before the start. */
  lastActiveDay: number;
  /** Money paid back on the last payout day before the start (最后一天到账金额). */
  lastPayoutAmount: number;
  /** Largest and mean single investment before the start. */
  maxInvestment: number;
  meanInvestment: number;
}

/**
 * The user's standing at `startMs`: investments, last active day (login or investment) and last payout
 * amount, all from rows before the start.
 * @param h a user's simulated rows
 * @param startMs campaign start (UTC ms); later rows are ignored
 * @returns investments, last active day, last payout amount, largest and mean investment
 * @example winbackProfile(history, WINDOW_START).lastPayoutAmount
 */
export function winbackProfile(h: UserHistory, startMs: number): WinbackProfile {
  let last = SHANGHAI.dayOf(h.registeredAt);
  for (const t of h.logins) if (t < startMs) last = Math.max(last, SHANGHAI.dayOf(t));
  let investments = 0;
  let max = 0;
  let sum = 0;
  const payoutByDay = new Map<number, number>();
  for (const o of h.orders) {
    if (o.ts >= startMs) continue;
    investments++;
    max = Math.max(max, o.amount);
    sum += o.amount;
    last = Math.max(last, SHANGHAI.dayOf(o.ts));
    const paid = o.ts + o.termDays * DAY_MS;
    if (paid < startMs) {
      const d = SHANGHAI.dayOf(paid);
      payoutByDay.set(d, (payoutByDay.get(d) ?? 0) + payoutOf(o, rateOf(o)));
    }
  }
  let lastPayDay = -Infinity;
  for (const d of payoutByDay.keys()) lastPayDay = Math.max(lastPayDay, d);
  return {
    index: h.index,
    investments,
    lastActiveDay: last,
    lastPayoutAmount: lastPayDay === -Infinity ? 0 : Math.round(payoutByDay.get(lastPayDay)! * 100) / 100,
    maxInvestment: max,
    meanInvestment: investments ? sum / investments : 0,
  };
}

/**
 * Whether a user is eligible for the win-back: enough investments and churned (no login, no investment
 * for `churnDays`) with the churn day falling in [churnFromDay, churnToDay], still churned at the start.
 * @param p the user's profile at the campaign start
 * @param rule minimum investments, churn days and the churn-day range (local day numbers)
 * @returns whether the user is a candidate for the win-back
 * @example isEligible(profile, { minInvestments: 5, churnDays: 30, churnFromDay, churnToDay })
 */
export function isEligible(
  p: WinbackProfile,
  rule: { minInvestments: number; churnDays: number; churnFromDay: number; churnToDay: number },
): boolean {
  const churnDay = p.lastActiveDay + rule.churnDays;
  return p.investments >= rule.minInvestments && churnDay >= rule.churnFromDay && churnDay <= rule.churnToDay;
}
