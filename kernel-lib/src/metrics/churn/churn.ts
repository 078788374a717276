import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { periodIndex, periodLabel, type Period } from '../../time/periods.js';
import { StageClassifier } from '../lifecycle/classify.js';
import { buildHistory, type History, type UserData } from '../history/history.js';
import { dayLabels } from '../history/dayLabels.js';
import { checkGrowthColumns } from '../lifecycle/lifecycle.js';
import { asOfDayOf, tableZones } from '../../time/context.js';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../lifecycle/stages.js';
import { activeDays, activityMask } from '../history/churnRule.js';
import { fromMicros, toMicros } from '../../math/money.js';
import { churnLifecycleSpec, resolveChurnSpec, type ChurnSpec, type ResolvedChurnSpec } from './spec.js';

/** Result of {@link churn}. */
export interface ChurnResult {
  spec: ResolvedChurnSpec;
  /**
   * One row per user signed up by asOf: user_id, channel, stage (introduction / growth / maturity: the
   * stage ignoring dormancy and churn, i.e. the stage a churned user churned from), last_active,
   * churned, churn_day (the day the user crossed the line, null when active), churn_period, registered_on,
   * and the order profile article 001 §4 reads: order_count, max_order_amount (largest single
   * investment, null without orders), total_invested, product_types (distinct, sorted, comma-separated).
   */
  users: ColumnTable;
  /**
   * period, churned_users, episodes: users who crossed the churn line in each period (流失用户数 by month).
   * A user who churned, came back and churned again counts in both periods (episodes counts crossings).
   */
  byPeriod: ColumnTable;
  /** stage, users, churned, churn_rate, share_of_churned (article 001 §2). */
  byStage: ColumnTable;
  /** stage, channel, users, churned, churn_rate: churn by channel within stage (article 001 §3). */
  byStageChannel: ColumnTable;
  /** Users churned as of asOf. */
  churned(): string[];
  /** Users who crossed the churn line in a period (label as in `byPeriod`). */
  usersIn(period: string): string[];
}

/**
 * Churned users (流失用户) by a rule such as article 001's "no login and no investment for 30 days": who is
 * churned as of a day and since when, the churned-user series per month (article 000 §1), and churn by
 * lifecycle stage and by channel within stage (article 001 §2–3).
 * @param data `{ users, events, orders }` (+ balances, payouts for the stage options that use them)
 * @param spec the churn rule (days, activity events, orders) and as-of day
 * @returns per-user churn, the series and the breakdowns
 * @example churn({ users, events, orders }, { asOf: '2017-02-28', days: 30, activityEvents: ['login'] }).byPeriod.print()
 */
export function churn(data: UserData, spec: ChurnSpec): ChurnResult {
  const resolved = resolveChurnSpec(spec, tableZones(data, spec?.timeZone));
  const lifecycleSpec = churnLifecycleSpec(resolved);
  const rule = lifecycleSpec.churn;
  const period = resolved.period;
  const asOfDay = lifecycleSpec.asOfDay;
  const h = buildHistory(data, { zone: lifecycleSpec.zone, untilDay: asOfDay });
  checkGrowthColumns(h, lifecycleSpec);
  const classifier = new StageClassifier(h, lifecycleSpec);
  const mask = activityMask(h, rule.activityEvents);
  const label = dayLabels();

  const cols = {
    user_id: [] as string[],
    channel: [] as (string | null)[],
    stage: [] as string[],
    last_active: [] as string[],
    churned: [] as boolean[],
    churn_day: [] as (string | null)[],
    churn_period: [] as (string | null)[],
    registered_on: [] as string[],
    order_count: [] as number[],
    max_order_amount: [] as (number | null)[],
    total_invested: [] as number[],
    product_types: [] as string[],
  };
  const churnedIds: string[] = [];
  const crossings = new Map<number, { users: string[]; episodes: number }>();
  const byStage = new ChurnByStage();
  for (let u = 0; u < h.userIds.length; u++) {
    if (h.registeredDay[u] > asOfDay) continue;
    const id = h.userIds[u];
    const f = classifier.classify(u, asOfDay);
    const isChurned = !Number.isNaN(f.churnDay);
    cols.user_id.push(id);
    cols.channel.push(h.channel[u]);
    cols.stage.push(LIFECYCLE_STAGES[f.baseStage]);
    cols.last_active.push(label(f.lastActiveDay));
    cols.churned.push(isChurned);
    cols.churn_day.push(isChurned ? label(f.churnDay) : null);
    cols.churn_period.push(isChurned ? periodLabel(periodIndex(f.churnDay, period), period) : null);
    cols.registered_on.push(label(h.registeredDay[u]));
    pushOrderProfile(cols, h, u);
    if (isChurned) churnedIds.push(id);
    byStage.add(f.baseStage, h.channel[u], isChurned);

    // Every crossing of the churn line up to asOf (a user may churn, return and churn again).
    const days = activeDays(h, u, asOfDay, mask, rule.ordersCountAsActivity);
    let lastPeriod = NaN;
    for (let k = 0; k < days.length; k++) {
      const crossing = days[k] + rule.days;
      if (crossing > asOfDay || (k + 1 < days.length && days[k + 1] <= crossing)) continue;
      const p = periodIndex(crossing, period);
      let slot = crossings.get(p);
      if (!slot) crossings.set(p, (slot = { users: [], episodes: 0 }));
      slot.episodes++;
      if (p !== lastPeriod) slot.users.push(id);
      lastPeriod = p;
    }
  }

  const periods = [...crossings.keys()].sort((a, b) => a - b);
  const first =
    resolved.from === undefined
      ? periods[0]
      : periodIndex(asOfDayOf(lifecycleSpec.zone, resolved.from, 'from'), period);
  const last = periodIndex(asOfDay, period);
  const counts = new Map(
    [...crossings].map(([p, c]) => [p, { users: c.users.length, episodes: c.episodes }]),
  );
  const { series, labels } = churnSeries(counts, first, last, period);
  return {
    spec: resolved,
    users: aq.table(cols),
    byPeriod: series,
    byStage: byStage.byStage(),
    byStageChannel: byStage.byStageChannel(),
    churned: () => [...churnedIds],
    usersIn(label) {
      const p = labels.get(label);
      if (p === undefined) throw new SpecError('period', label, [...labels.keys()]);
      return [...(crossings.get(p)?.users ?? [])];
    },
  };
}

/**
 * Churn by lifecycle stage and by channel within stage (分阶段流失, article 001 §2–3), counted one user at a
 * time; shared with the SQL engines, which classify from per-user aggregates.
 */
export class ChurnByStage {
  private readonly users = [0, 0, 0];
  private readonly churned = [0, 0, 0];
  private total = 0;
  private readonly cells = new Map<
    string,
    { stage: number; channel: string | null; users: number; churned: number }
  >();

  /**
   * Counts one user.
   * @param stage the base stage code (introduction / growth / maturity: the stage a churned user churned from)
   * @param channel the user's acquisition channel (null when unknown)
   * @param isChurned whether the user is churned as of the day
   */
  add(stage: number, channel: string | null, isChurned: boolean): void {
    this.users[stage]++;
    if (isChurned) {
      this.churned[stage]++;
      this.total++;
    }
    const key = `${stage}\u0000${channel}`;
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { stage, channel, users: 0, churned: 0 }));
    cell.users++;
    if (isChurned) cell.churned++;
  }

  /** stage, users, churned, churn_rate, share_of_churned: the three base stages in order. */
  byStage(): ColumnTable {
    const base = LIFECYCLE_STAGES.slice(0, 3) as LifecycleStage[];
    return aq.table({
      stage: base,
      users: [...this.users],
      churned: [...this.churned],
      churn_rate: this.users.map((n, s) => (n ? this.churned[s] / n : null)),
      share_of_churned: this.churned.map((c) => (this.total ? c / this.total : null)),
    });
  }

  /** stage, channel, users, churned, churn_rate: by stage, then channel. */
  byStageChannel(): ColumnTable {
    const cells = [...this.cells.values()].sort(
      (a, b) => a.stage - b.stage || String(a.channel).localeCompare(String(b.channel)),
    );
    return aq.table({
      stage: cells.map((c) => LIFECYCLE_STAGES[c.stage]),
      channel: cells.map((c) => c.channel),
      users: cells.map((c) => c.users),
      churned: cells.map((c) => c.churned),
      churn_rate: cells.map((c) => c.churned / c.users),
    });
  }
}

/**
 * The churned-user series (流失用户数 by period) from users and crossings per period index, from `first` (none
 * when undefined) to `last`; shared with the SQL engines.
 */
export function churnSeries(
  counts: Map<number, { users: number; episodes: number }>,
  first: number | undefined,
  last: number,
  period: Period,
): { series: ColumnTable; labels: Map<string, number> } {
  const series = { period: [] as string[], churned_users: [] as number[], episodes: [] as number[] };
  const labels = new Map<string, number>();
  if (first !== undefined) {
    for (let p = first; p <= last; p++) {
      const label = periodLabel(p, period);
      labels.set(label, p);
      series.period.push(label);
      series.churned_users.push(counts.get(p)?.users ?? 0);
      series.episodes.push(counts.get(p)?.episodes ?? 0);
    }
  }
  return { series: aq.table(series), labels };
}

/** A user's order history in brief (orders are all on or before asOf in the history). */
function pushOrderProfile(
  cols: {
    order_count: number[];
    max_order_amount: (number | null)[];
    total_invested: number[];
    product_types: string[];
  },
  h: History,
  u: number,
): void {
  const o = h.orders;
  let max = -Infinity;
  let total = 0;
  const types = new Set<string>();
  for (let i = o.start[u]; i < o.start[u + 1]; i++) {
    total += toMicros(o.amount[i]); // whole millionths: exact in any row order
    if (o.amount[i] > max) max = o.amount[i];
    if (o.type[i] >= 0) types.add(h.productTypes.decode(o.type[i]));
  }
  cols.order_count.push(o.start[u + 1] - o.start[u]);
  cols.max_order_amount.push(max === -Infinity ? null : max);
  cols.total_invested.push(fromMicros(total));
  cols.product_types.push([...types].sort().join(','));
}
