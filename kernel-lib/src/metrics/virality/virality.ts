import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { integerIn } from '../../spec.js';
import { codesOf, hasColumn, timestampsOf } from '../../table/access.js';
import { Dictionary } from '../../table/dictionary.js';
import { TimeZone } from '../../time/zone.js';
import { tableZones } from '../../time/context.js';
import {
  resolveKFactorSpec,
  resolveReferralLadderSpec,
  type KFactorSpec,
  type ReferralLadderSpec,
} from './spec.js';

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
  const r = resolveKFactorSpec(spec, tableZones({ invites }, spec.timeZone));
  const { fromMs, toMs, conversionMs: limit } = r;
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
    r.population === undefined ? codes.length : integerIn('population', r.population, codes.length, 1e12);
  const invitationsPerUser = population > 0 ? totalInvitations / population : NaN;
  const conversionRate = totalInvitations > 0 ? totalConversions / totalInvitations : NaN;
  return {
    timeZone: r.timeZone,
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
  spec: ReferralLadderSpec,
): { users: ColumnTable; total: number } {
  const { rewards: ladder, timeZone } = resolveReferralLadderSpec(
    spec,
    tableZones({ invites }, spec.timeZone),
  );
  const zone = TimeZone.of(timeZone);
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
      reward += ladder[Math.min(streak, ladder.length - 1)];
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
