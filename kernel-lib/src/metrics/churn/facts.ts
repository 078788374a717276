import { InputError, SpecError } from '../../errors.js';
import { StageClassifier } from '../lifecycle/classify.js';
import { checkGrowthColumns } from '../lifecycle/lifecycle.js';
import type { ResolvedLifecycleSpec } from '../lifecycle/spec.js';
import type { History } from '../history/history.js';
import {
  compare,
  measuresOf,
  readsStage,
  type CompiledCondition,
  type MeasureArgs,
  type MeasureName,
} from './conditions.js';
import { activityMask, lastActiveDay, type ResolvedChurnRule } from '../history/churnRule.js';
import { fromMicros, toMicros } from '../../math/money.js';

/** Which table each measure reads, to fail early with the table's name. */
const TABLE_OF: Partial<Record<MeasureName, 'balances' | 'orders' | 'events'>> = {
  balance: 'balances',
  maxBalance: 'balances',
  balanceDropFromMax: 'balances',
  cumulativeInvestment: 'orders',
  orderCount: 'orders',
  maxOrderAmount: 'orders',
  eventCount: 'events',
};

/**
 * Evaluates compiled conditions for users of a {@link History} as of a day. Each measure scans only the
 * user's rows on or before that day, so a history holding later rows (a backtest) cannot leak them.
 */
export class ConditionEvaluator {
  private readonly mask: Uint8Array;

  private readonly stages?: StageClassifier;

  /**
   * @param stageSpec the life-cycle definition for `stage` conditions (its churn rule should be
   *   `activity`); required only when a condition reads the stage
   */
  constructor(
    private readonly history: History,
    private readonly activity: ResolvedChurnRule,
    tables: { balances: boolean; orders: boolean; events: boolean },
    conditions: CompiledCondition[],
    stageSpec?: ResolvedLifecycleSpec,
  ) {
    this.mask = activityMask(history, activity.activityEvents);
    if (conditions.some(readsStage)) {
      if (!stageSpec) throw new SpecError('stage condition', 'stage', 'a rule set that defines stages');
      checkGrowthColumns(history, stageSpec);
      this.stages = new StageClassifier(history, stageSpec);
    }
    const used = new Set<MeasureName>();
    conditions.forEach((c) => measuresOf(c, used));
    for (const m of used) {
      const table = TABLE_OF[m];
      if (table && !tables[table]) {
        throw new InputError('missing table', { file: table }, `a ${table} table: the rule "${m}" reads it`);
      }
    }
  }

  /** Whether `condition` holds for `user` at the end of local day `day`. */
  holds(condition: CompiledCondition, user: number, day: number): boolean {
    switch (condition.kind) {
      case 'all':
        return condition.items.every((c) => this.holds(c, user, day));
      case 'any':
        return condition.items.some((c) => this.holds(c, user, day));
      case 'not':
        return !this.holds(condition.item, user, day);
      case 'channel':
        return condition.values.has(String(this.history.channel[user]));
      case 'stage':
        return condition.stages.has(this.stages!.classify(user, day).stage);
      case 'measure':
        return compare(this.measure(condition.measure, condition.args, user, day), condition.ops);
    }
  }

  /** The value of one measure (see {@link MeasureName} for the definitions). */
  measure(measure: MeasureName, args: MeasureArgs, user: number, day: number): number {
    const h = this.history;
    switch (measure) {
      case 'daysSinceSignup':
        return day - h.registeredDay[user];
      case 'daysSinceLast':
        return day - this.lastDay(args, user, day);
      case 'balance':
      case 'maxBalance':
      case 'balanceDropFromMax': {
        const b = h.balances;
        let last = 0;
        let max = 0;
        for (let i = b.start[user]; i < b.start[user + 1] && b.day[i] <= day; i++) {
          last = b.amount[i];
          if (last > max) max = last;
        }
        if (measure === 'balance') return last;
        if (measure === 'maxBalance') return max;
        return max > 0 ? (max - last) / max : 0;
      }
      case 'cumulativeInvestment':
      case 'orderCount':
      case 'maxOrderAmount': {
        const o = h.orders;
        const from = args.withinDays === undefined ? -Infinity : day - args.withinDays + 1;
        // -2: any type; an unknown type matches no order (not the orders whose type is missing, −1).
        const known = args.productType === undefined ? -2 : h.productTypes.lookup(args.productType);
        const type = known === -1 ? -3 : known;
        let sum = 0;
        let count = 0;
        let max = 0;
        for (let i = o.start[user]; i < o.start[user + 1] && o.day[i] <= day; i++) {
          if (o.day[i] < from || (type !== -2 && o.type[i] !== type)) continue;
          sum += toMicros(o.amount[i]); // whole millionths: a threshold never flips on row order
          count++;
          if (o.amount[i] > max) max = o.amount[i];
        }
        return measure === 'cumulativeInvestment' ? fromMicros(sum) : measure === 'orderCount' ? count : max;
      }
      case 'eventCount': {
        const e = h.events;
        const kind = h.eventKinds.lookup(args.event!);
        const from = args.withinDays === undefined ? -Infinity : day - args.withinDays + 1;
        let count = 0;
        for (let i = e.start[user]; i < e.start[user + 1] && e.day[i] <= day; i++) {
          if (e.kind[i] === kind && e.day[i] >= from) count++;
        }
        return count;
      }
    }
  }

  /** Last day of an event kind / order / activity on or before `day`; sign-up when never. */
  private lastDay(args: MeasureArgs, user: number, day: number): number {
    const h = this.history;
    if (args.activity) return lastActiveDay(h, user, day, this.mask, this.activity.ordersCountAsActivity);
    let last = h.registeredDay[user];
    if (args.order) {
      const o = h.orders;
      for (let i = o.start[user]; i < o.start[user + 1] && o.day[i] <= day; i++)
        last = Math.max(last, o.day[i]);
      return last;
    }
    const e = h.events;
    const kind = h.eventKinds.lookup(args.event!);
    for (let i = e.start[user]; i < e.start[user + 1] && e.day[i] <= day; i++) {
      if (e.kind[i] === kind) last = Math.max(last, e.day[i]);
    }
    return last;
  }
}
