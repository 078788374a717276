import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { integerIn, rejectUnknownKeys } from '../../spec.js';
import { formatDay } from '../../time/zone.js';
import { buildHistory, type History, type UserData } from '../history/history.js';
import { dayLabels } from '../history/dayLabels.js';
import { asOfDayOf, metricZone } from '../../time/context.js';
import {
  activeDays,
  activityMask,
  resolveChurnRule,
  type ChurnRule,
  type ResolvedChurnRule,
} from '../history/churnRule.js';
import {
  WARNING_LEVELS,
  warningRules,
  warningsAt,
  type CompiledWarningRules,
  type WarningLevel,
  type WarningRuleSet,
} from './warnings.js';

/** Options of {@link backtestWarnings}. */
export interface BacktestOptions {
  /** Warn as of the end of this day; the rules read nothing later. */
  asOf: string;
  /** Churn counts when it happens within this many days after asOf. @default 30 */
  horizonDays?: number;
  /** The churn definition scored against. @default the rule set's `activity` rule */
  churn?: ChurnRule;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
}

/** A cell of the confusion matrix. */
export type ConfusionCell = 'truePositive' | 'falsePositive' | 'falseNegative' | 'trueNegative';

/** How well a warning rule set foretold churn. */
export interface BacktestResult {
  asOf: string;
  /** The zone of local days used (the spec's `timeZone`, else the one the tables carry). */
  timeZone: string;
  /** Last day of the horizon. */
  horizonEnd: string;
  /** Users signed up by asOf and not yet churned then: the ones a warning could save. */
  population: number;
  confusion: Record<ConfusionCell, number>;
  /** actual, warned, not_warned: the confusion matrix as a table. */
  confusionTable: ColumnTable;
  /** Warned users who churned / warned users (null when nobody was warned). */
  precision: number | null;
  /** Churned users who were warned / churned users. */
  recall: number | null;
  /** (true positives + true negatives) / population. */
  accuracy: number | null;
  /** Share of the population that churned: accuracy of warning nobody is 1 − baseRate. */
  baseRate: number | null;
  /** Days from the warning (asOf) to the churn day, over warned users who churned. */
  leadTime: { mean: number; median: number; min: number; max: number } | null;
  /** level, warned, churned, precision, share_of_churned, mean_lead_days. */
  byLevel: ColumnTable;
  /** user_id, level (null if not warned), churned, churn_day, lead_days: every user of the population. */
  users: ColumnTable;
  usersIn(cell: ConfusionCell): string[];
}

/**
 * Backtests warning rules (预警回测): warns as of `asOf` with no look-ahead, then checks who actually
 * churned within `horizonDays` by the churn rule, and scores precision, recall, accuracy and lead time
 * per level. Users already churned at asOf are left out (no warning can save them).
 * @param data `{ users, events, orders, balances }`, covering at least asOf + horizonDays
 * @param rules the warning rule set (JSON) or its compiled form
 * @param options as-of day, horizon, churn rule
 * @returns confusion matrix, rates, lead times, per level
 * @example backtestWarnings(data, rules, { asOf: '2017-01-31', horizonDays: 30 }).byLevel.print()
 */
export function backtestWarnings(
  data: UserData,
  rules: WarningRuleSet | CompiledWarningRules,
  options: BacktestOptions,
): BacktestResult {
  rejectUnknownKeys('backtest options', options, ['asOf', 'horizonDays', 'churn', 'timeZone']);
  const compiled = warningRules(rules);
  const rule = options.churn === undefined ? compiled.activity : resolveChurnRule(options.churn);
  const { history, day, end } = backtestWindow(data, options);
  return backtestOnHistory(history, data, compiled, day, end, rule);
}

/** The as-of day, the horizon's end and the users' history up to it, of a backtest (and of a rule sweep). */
export interface BacktestWindow {
  history: ReturnType<typeof buildHistory>;
  /** The as-of day (warnings are decided on it). */
  day: number;
  /** as-of + horizonDays: churn is judged by then. */
  end: number;
}

/**
 * Reads `asOf`, `horizonDays` and `timeZone` of backtest options and builds the history up to the horizon,
 * refusing a horizon the data does not cover.
 */
export function backtestWindow(
  data: UserData,
  options: Pick<BacktestOptions, 'asOf' | 'horizonDays' | 'timeZone'>,
): BacktestWindow {
  const zone = metricZone(options.timeZone, data);
  const day = asOfDayOf(zone, options.asOf);
  const horizon = integerIn('horizonDays', options.horizonDays, 1, 3650, 30);
  const end = day + horizon;
  const history = buildHistory(data, { zone, untilDay: end });
  if (history.lastDataDay < end) {
    const last = Number.isFinite(history.lastDataDay) ? formatDay(history.lastDataDay) : 'no rows';
    throw new SpecError(
      'horizonDays',
      horizon,
      `a horizon the data covers: asOf + ${horizon} = ${formatDay(end)}, data end ${last}`,
    );
  }
  return { history, day, end };
}

/**
 * The scoring step of {@link backtestWarnings} on a history already built up to `end`: lets a sensitivity
 * sweep build the history once and score many rule sets on it.
 */
export function backtestOnHistory(
  history: History,
  data: UserData,
  compiled: CompiledWarningRules,
  day: number,
  end: number,
  rule: ResolvedChurnRule,
): BacktestResult {
  const warned = warningsAt(history, data, compiled, day, true);
  const levelOf = new Map<string, WarningLevel>();
  for (const w of warned.warnings.objects() as { user_id: string; level: WarningLevel }[])
    levelOf.set(w.user_id, w.level);

  const mask = activityMask(history, rule.activityEvents);
  const label = dayLabels();
  const cells: Record<ConfusionCell, string[]> = {
    truePositive: [],
    falsePositive: [],
    falseNegative: [],
    trueNegative: [],
  };
  const leads: number[] = [];
  const perLevel = Object.fromEntries(
    WARNING_LEVELS.map((l) => [l, { warned: 0, churned: 0, lead: 0 }]),
  ) as Record<WarningLevel, { warned: number; churned: number; lead: number }>;
  const cols = {
    user_id: [] as string[],
    level: [] as (string | null)[],
    churned: [] as boolean[],
    churn_day: [] as (string | null)[],
    lead_days: [] as (number | null)[],
  };
  for (let u = 0; u < history.userIds.length; u++) {
    if (history.registeredDay[u] > day) continue;
    const days = activeDays(history, u, end, mask, rule.ordersCountAsActivity);
    let k = 0;
    while (k + 1 < days.length && days[k + 1] <= day) k++; // days[k]: last activity by asOf
    if (days[k] + rule.days <= day) continue; // already churned: not in the population
    let churnDay = NaN;
    for (; k < days.length; k++) {
      const crossing = days[k] + rule.days;
      if (k + 1 < days.length && days[k + 1] <= crossing) continue;
      if (crossing <= end) churnDay = crossing;
      break;
    }
    const id = history.userIds[u];
    const level = levelOf.get(id) ?? null;
    const churned = !Number.isNaN(churnDay);
    const cell: ConfusionCell = level
      ? churned
        ? 'truePositive'
        : 'falsePositive'
      : churned
        ? 'falseNegative'
        : 'trueNegative';
    cells[cell].push(id);
    if (level) {
      perLevel[level].warned++;
      if (churned) {
        perLevel[level].churned++;
        perLevel[level].lead += churnDay - day;
        leads.push(churnDay - day);
      }
    }
    cols.user_id.push(id);
    cols.level.push(level);
    cols.churned.push(churned);
    cols.churn_day.push(churned ? label(churnDay) : null);
    cols.lead_days.push(churned ? churnDay - day : null);
  }

  const n = cols.user_id.length;
  const tp = cells.truePositive.length;
  const fp = cells.falsePositive.length;
  const fn = cells.falseNegative.length;
  const tn = cells.trueNegative.length;
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  leads.sort((a, b) => a - b);
  const churnedTotal = tp + fn;
  return {
    asOf: formatDay(day),
    timeZone: history.zone.name,
    horizonEnd: formatDay(end),
    population: n,
    confusion: { truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn },
    confusionTable: aq.table({
      actual: ['churned', 'stayed'],
      warned: [tp, fp],
      not_warned: [fn, tn],
    }),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, churnedTotal),
    accuracy: ratio(tp + tn, n),
    baseRate: ratio(churnedTotal, n),
    leadTime: leads.length
      ? {
          mean: leads.reduce((a, b) => a + b, 0) / leads.length,
          median:
            leads.length % 2
              ? leads[leads.length >> 1]
              : (leads[leads.length / 2 - 1] + leads[leads.length / 2]) / 2,
          min: leads[0],
          max: leads[leads.length - 1],
        }
      : null,
    byLevel: aq.table({
      level: [...WARNING_LEVELS],
      warned: WARNING_LEVELS.map((l) => perLevel[l].warned),
      churned: WARNING_LEVELS.map((l) => perLevel[l].churned),
      precision: WARNING_LEVELS.map((l) => ratio(perLevel[l].churned, perLevel[l].warned)),
      share_of_churned: WARNING_LEVELS.map((l) => ratio(perLevel[l].churned, churnedTotal)),
      mean_lead_days: WARNING_LEVELS.map((l) => ratio(perLevel[l].lead, perLevel[l].churned)),
    }),
    users: aq.table(cols),
    usersIn(cell) {
      if (!(cell in cells)) throw new SpecError('cell', cell, Object.keys(cells));
      return [...cells[cell]];
    },
  };
}
