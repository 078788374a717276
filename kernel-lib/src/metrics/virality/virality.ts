import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, numberIn, rejectUnknownKeys } from '../../spec.js';
import { codesOf, hasColumn, timestampsOf } from '../../table/access.js';
import { Dictionary } from '../../table/dictionary.js';
import { DAY } from '../../time/zone.js';
import { metricZone } from '../../time/context.js';

/** The definition of the K-factor (K因子 / 病毒系数). */
export interface KFactorSpec {
  /** Only invitations sent from this local day (`YYYY-MM-DD`, inclusive). */
  from?: string;
  /** Only invitations sent up to this local day (inclusive). */
  to?: string;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** A conversion counts only within this many days of the invitation. @default no limit */
  conversionDays?: number;
  /**
   * The users the mean is taken over: the number of users who sent at least one invitation (default, as in
   * article 002's worked example), or a given number (e.g. all active users, counting non-inviters as 0).
   */
  population?: number;
}

/** K-factor per user and in aggregate. */
export interface KFactorResult {
  /** inviter_id, invitations, conversions, conversionRate, k (= conversions: the users this user brought). */
  users: ColumnTable;
  invitations: number;
  conversions: number;
  /** Users the mean is over. */
  population: number;
  /** Mean invitations per user (人均邀请数). */
  invitationsPerUser: number;
  /** Total conversions / total invitations (邀请转化率). */
  conversionRate: number;
  /** K = invitationsPerUser × conversionRate. K > 1: each user brings more than one new user. */
  k: number;
  /** The zone of local days used (the spec's `timeZone`, else the one the tables carry). */
  timeZone: string;
}

/**
 * K-factor (病毒系数): K = mean invitations per user × (total conversions / total invitations), article 002's
 * formula for many users (users sending 20 at 10 % and 40 at 20 % give K = 30 × 10 / 60 = 5).
 * An invitation converts when converted_at is set (and within `conversionDays`, when given).
 * @param invites inviter_id, invitee_id, sent_at, converted_at (one row per invitation)
 * @example kFactor(invites, { from: '2024-01-01', to: '2024-01-31' }).k
 */
export function kFactor(invites: ColumnTable, spec: KFactorSpec = {}): KFactorResult {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('kFactor spec', spec, 'an object');
  rejectUnknownKeys('kFactor', spec, ['from', 'to', 'timeZone', 'conversionDays', 'population']);
  const zone = metricZone(spec.timeZone, { invites });
  const fromMs =
    spec.from === undefined ? -Infinity : zone.startOfDay(zone.dayOf(nonEmptyString('from', spec.from)));
  const toMs =
    spec.to === undefined ? Infinity : zone.startOfDay(zone.dayOf(nonEmptyString('to', spec.to)) + 1);
  const limit =
    spec.conversionDays === undefined
      ? Infinity
      : numberIn('conversionDays', spec.conversionDays, 0, 1e6) * DAY;
  const dict = new Dictionary();
  const inviter = codesOf(invites, 'inviter_id', dict).codes;
  const sent = hasColumn(invites, 'sent_at') ? timestampsOf(invites, 'sent_at') : undefined;
  const converted = timestampsOf(invites, 'converted_at');
  const n = dict.size;
  const invitations = new Float64Array(n);
  const conversions = new Float64Array(n);
  for (let i = 0; i < inviter.length; i++) {
    const u = inviter[i];
    if (u < 0) continue;
    const s = sent ? sent[i] : NaN;
    if (sent && !(s >= fromMs && s < toMs)) continue;
    invitations[u]++;
    const c = converted[i];
    if (!Number.isNaN(c) && (!sent || c - s <= limit)) conversions[u]++;
  }
  const codes: number[] = [];
  for (let u = 0; u < n; u++) if (invitations[u] > 0) codes.push(u);
  const totalInvitations = codes.reduce((s, u) => s + invitations[u], 0);
  const totalConversions = codes.reduce((s, u) => s + conversions[u], 0);
  const population =
    spec.population === undefined
      ? codes.length
      : integerIn('population', spec.population, codes.length, 1e12);
  const invitationsPerUser = population > 0 ? totalInvitations / population : NaN;
  const conversionRate = totalInvitations > 0 ? totalConversions / totalInvitations : NaN;
  return {
    timeZone: zone.name,
    users: aq.table({
      inviter_id: codes.map((u) => dict.decode(u)),
      invitations: codes.map((u) => invitations[u]),
      conversions: codes.map((u) => conversions[u]),
      conversionRate: codes.map((u) => conversions[u] / invitations[u]),
      k: codes.map((u) => conversions[u]),
    }),
    invitations: totalInvitations,
    conversions: totalConversions,
    population,
    invitationsPerUser,
    conversionRate,
    k: invitationsPerUser * conversionRate,
  };
}

/**
 * Cost of a referral ladder (阶梯奖励, article 001 §8): a promoter earns `rewards[0]` for the first new user
 * they bring on a day, `rewards[1]` for the first new user the next consecutive day, and so on (the last
 * step repeats); a day without a new user resets the ladder. Only the first new user of each day earns.
 * The article's ladder is 1, 3, …: pass it as data, e.g. `[1, 3, 5]`.
 * @param invites inviter_id, converted_at (converted rows only count)
 * @returns per inviter: activeDays, reward; and the total
 * @example referralLadderCost(invites, { rewards: [1, 3, 5], timeZone: 'Asia/Shanghai' })
 */
export function referralLadderCost(
  invites: ColumnTable,
  spec: { rewards: number[]; timeZone?: string },
): { users: ColumnTable; total: number } {
  if (typeof spec !== 'object' || spec === null)
    throw new SpecError('referralLadder spec', spec, 'an object');
  rejectUnknownKeys('referralLadder', spec, ['rewards', 'timeZone']);
  if (!Array.isArray(spec.rewards) || spec.rewards.length === 0 || spec.rewards.some((r) => !(r >= 0))) {
    throw new SpecError('rewards', spec.rewards, 'a non-empty array of amounts ≥ 0');
  }
  const zone = metricZone(spec.timeZone, { invites });
  const dict = new Dictionary();
  const inviter = codesOf(invites, 'inviter_id', dict).codes;
  const converted = timestampsOf(invites, 'converted_at');
  const days = new Map<number, Set<number>>();
  for (let i = 0; i < inviter.length; i++) {
    if (inviter[i] < 0 || Number.isNaN(converted[i])) continue;
    let set = days.get(inviter[i]);
    if (!set) days.set(inviter[i], (set = new Set()));
    set.add(zone.dayNumber(converted[i]));
  }
  const ids: string[] = [];
  const activeDays: number[] = [];
  const rewards: number[] = [];
  for (const [u, set] of days) {
    const sorted = [...set].sort((a, b) => a - b);
    let streak = 0;
    let reward = 0;
    sorted.forEach((d, i) => {
      streak = i > 0 && d === sorted[i - 1] + 1 ? streak + 1 : 0;
      reward += spec.rewards[Math.min(streak, spec.rewards.length - 1)];
    });
    ids.push(dict.decode(u));
    activeDays.push(sorted.length);
    rewards.push(reward);
  }
  return {
    users: aq.table({ inviter_id: ids, activeDays, reward: rewards }),
    total: rewards.reduce((s, r) => s + r, 0),
  };
}
