/** One simulated user's rows before they are written (all times UTC ms, whole seconds). */

export interface Investment {
  ts: number;
  amount: number;
  termDays: number;
  productType: 'regular' | 'rateBoost' | 'novice';
  /** Index of the campaign coupon used on this order (campaign orders only). */
  couponIndex?: number | null;
}

/** A withdrawal of cash back to the bank card: the balance drops to `residue`. */
export interface Withdrawal {
  ts: number;
  residue: number;
}

export interface UserHistory {
  index: number;
  registeredAt: number;
  channel: string;
  platform: string;
  verifiedAt: number | null;
  cardBoundAt: number | null;
  invitedBy: number | null;
  logins: number[];
  orders: Investment[];
  withdrawals: Withdrawal[];
}

/**
 * Money paid back when an investment matures: principal plus simple interest, to the cent.
 * @param order the investment
 * @param annualRate e.g. 0.07
 * @returns yuan, rounded to the cent
 * @example payoutOf({ ts: 0, amount: 10000, termDays: 30, productType: 'regular' }, 0.07) // 10057.53
 */
export function payoutOf(order: Investment, annualRate: number): number {
  return Math.round(order.amount * (1 + (annualRate * order.termDays) / 365) * 100) / 100;
}
