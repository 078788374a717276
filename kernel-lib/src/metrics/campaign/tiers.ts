import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { codesOf, hasColumn, numbersOf, timestampsOf } from '../../table/access.js';
import type { Dictionary } from '../../table/dictionary.js';
import { TimeZone } from '../../time/zone.js';
import { fromMicros, toMicros } from '../../math/money.js';
import type { CampaignData } from './inputs.js';
import type { TierSpec } from './spec.js';

/** Tier index per user code; -1 = unknown (no value or below the first cut). */
export interface UserTiers {
  tier: Int32Array;
  /** The value the tier was cut from (NaN = none). */
  value: Float64Array;
  labels: string[];
}

/** Every user in one tier named "all" (no tier spec). */
export function singleTier(size: number): UserTiers {
  return { tier: new Int32Array(size), value: new Float64Array(size).fill(NaN), labels: ['all'] };
}

/**
 * Each user's tier: the value named by `tiers.by` (a column of targets, users or coupons, or the
 * computed `lastPayoutAmount`), cut at `tiers.cuts`.
 */
export function userTiers(
  data: CampaignData,
  tiers: Required<TierSpec>,
  dictionary: Dictionary,
  windowStart: number,
  timeZone: string,
): UserTiers {
  const value = tierValues(data, tiers.by, dictionary, windowStart, timeZone);
  const tier = new Int32Array(dictionary.size);
  const { cuts } = tiers;
  for (let u = 0; u < tier.length; u++) {
    const v = value[u];
    let t = -1;
    if (!Number.isNaN(v)) for (let i = 0; i < cuts.length && v >= cuts[i]; i++) t = i;
    tier[u] = t;
  }
  return { tier, value, labels: tiers.labels };
}

/**
 * The per-user value tiers are cut from (NaN = none): `lastPayoutAmount` and `spentBefore` are computed,
 * any other name is a column of targets, users or coupons.
 * @param by the value's name (`TierSpec.by`)
 * @param windowStart the campaign's first instant (UTC ms): computed values read only rows before it
 */
export function tierValues(
  data: CampaignData,
  by: string,
  dictionary: Dictionary,
  windowStart: number,
  timeZone: string,
): Float64Array {
  if (by === 'lastPayoutAmount') return lastPayoutAmount(data, dictionary, windowStart, timeZone);
  if (by === 'spentBefore') return spentBefore(data, dictionary, windowStart);
  return columnValue(data, by, dictionary);
}

/**
 * 活动前累计消费: the sum of a user's order amounts before the campaign start (NaN for a user with no
 * earlier order). The tier value when there is no payouts table: what a user spent is what they can afford.
 */
export function spentBefore(data: CampaignData, dictionary: Dictionary, before: number): Float64Array {
  const users = codesOf(data.orders, 'user_id', dictionary).codes;
  const ts = timestampsOf(data.orders, 'ts');
  const amount = numbersOf(data.orders, 'amount');
  const micros = new Float64Array(dictionary.size).fill(NaN);
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    if (u < 0 || !(ts[i] < before) || Number.isNaN(amount[i])) continue;
    micros[u] = (Number.isNaN(micros[u]) ? 0 : micros[u]) + toMicros(amount[i]);
  }
  return micros.map((m) => (Number.isNaN(m) ? NaN : fromMicros(m)));
}

/** The per-user value of a column, from the first of targets, users, coupons that has it. */
function columnValue(data: CampaignData, column: string, dictionary: Dictionary): Float64Array {
  const sources: [string, ColumnTable | undefined][] = [
    ['targets', data.targets],
    ['users', data.users],
    ['coupons', data.coupons],
  ];
  const found = sources.find(([, t]) => t !== undefined && hasColumn(t, column));
  if (!found) {
    throw new InputError(
      `missing tier column "${column}"`,
      { file: 'targets, users or coupons' },
      `a column "${column}" in one of them, tiers.by: "spentBefore", or "lastPayoutAmount" with a payouts table`,
    );
  }
  const [name, table] = found as [string, ColumnTable];
  const users = codesOf(table, 'user_id', dictionary).codes;
  const values = numbersOf(table, column);
  const out = new Float64Array(dictionary.size).fill(NaN);
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    const v = values[i];
    if (u < 0 || Number.isNaN(v)) continue;
    if (!Number.isNaN(out[u]) && out[u] !== v) {
      throw new InputError(
        'conflicting tier values for one user',
        { file: name, row: i + 1, column, value: v },
        `the same value as the user's earlier row (${out[u]})`,
      );
    }
    out[u] = v;
  }
  return out;
}

/**
 * 最后一天到账金额: the sum of a user's payouts on their last local payout day before the campaign.
 */
export function lastPayoutAmount(
  data: CampaignData,
  dictionary: Dictionary,
  before: number,
  timeZone: string,
): Float64Array {
  if (!data.payouts) {
    throw new InputError(
      'missing payouts table',
      { file: 'payouts' },
      'a payouts table (user_id, ts, amount)',
    );
  }
  const users = codesOf(data.payouts, 'user_id', dictionary).codes;
  const ts = timestampsOf(data.payouts, 'ts');
  const amount = numbersOf(data.payouts, 'amount');
  const zone = TimeZone.of(timeZone);
  const lastDay = new Float64Array(dictionary.size).fill(-Infinity);
  const day = new Float64Array(users.length);
  for (let i = 0; i < users.length; i++) {
    day[i] = ts[i] < before ? zone.dayNumber(ts[i]) : NaN;
    const u = users[i];
    if (u >= 0 && day[i] > lastDay[u]) lastDay[u] = day[i];
  }
  const out = new Float64Array(dictionary.size).fill(NaN);
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    if (u < 0 || day[i] !== lastDay[u]) continue;
    out[u] = (Number.isNaN(out[u]) ? 0 : out[u]) + amount[i];
  }
  return out;
}
