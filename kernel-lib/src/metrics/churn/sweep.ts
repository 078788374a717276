import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { nonEmptyString, rejectUnknownKeys } from '../../spec.js';
import { formatDay } from '../../time/zone.js';
import type { UserData } from '../history/history.js';
import { backtestOnHistory, backtestWindow } from './backtest.js';
import { resolveChurnRule, type ChurnRule } from '../history/churnRule.js';
import { warningRules } from './warnings.js';

/** Options of {@link warningRuleSweep}: the grid of the two-threshold warning rule and the backtest. */
export interface WarningSweepOptions {
  /** Warn as of the end of this day; the rules read nothing later. */
  asOf: string;
  /** Churn counts when it happens within this many days after asOf. @default 30 */
  horizonDays?: number;
  /** "More than D days without `event`": the values of D to try (whole days ≥ 0). */
  quietDays: number[];
  /** "Balance under B": the values of B to try. */
  balanceBelow: number[];
  /** The event whose absence counts. @default 'login' */
  event?: string;
  /** The churn definition scored against (and who is already churned at asOf). @default {@link resolveChurnRule}'s */
  churn?: ChurnRule;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
}

/** Every setting of the grid, scored. */
export interface WarningSweepResult {
  asOf: string;
  /** The zone of local days used (the spec's `timeZone`, else the one the tables carry). */
  timeZone: string;
  horizonEnd: string;
  /** Users signed up by asOf and not yet churned then (the same for every setting). */
  population: number;
  /** Share of the population that churned within the horizon: accuracy of warning nobody is 1 − baseRate. */
  baseRate: number | null;
  /**
   * quiet_days, balance_below, warned, true_positives, precision, recall, accuracy, mean_lead_days: one row
   * per setting, quiet_days ascending, then balance_below ascending.
   */
  settings: ColumnTable;
}

/**
 * Sensitivity sweep of the article's warning rule (预警规则敏感性): "more than D days without a login and a
 * balance under B" is backtested for every D × B of the grid, on one history, with the same population and
 * churn outcome as {@link backtestWarnings}. Which setting is best is the reader's call; the table says
 * what each costs in precision and recall.
 * @param data `{ users, events, balances, orders }`, covering at least asOf + horizonDays
 * @param options the grid, as-of day, horizon and churn rule
 * @returns one scored row per setting
 * @example warningRuleSweep(data, { asOf: '2017-05-31', quietDays: [7, 15, 30], balanceBelow: [100, 1000] })
 */
export function warningRuleSweep(data: UserData, options: WarningSweepOptions): WarningSweepResult {
  rejectUnknownKeys('warning sweep options', options, [
    'asOf',
    'horizonDays',
    'quietDays',
    'balanceBelow',
    'event',
    'churn',
    'timeZone',
  ]);
  const quietDays = grid('quietDays', options.quietDays, (d) => Number.isInteger(d) && d >= 0);
  const balanceBelow = grid('balanceBelow', options.balanceBelow, (b) => Number.isFinite(b));
  const event = nonEmptyString('event', options.event, 'login');
  const churn = resolveChurnRule(options.churn);
  const { history, day, end } = backtestWindow(data, options);
  const cols = {
    quiet_days: [] as number[],
    balance_below: [] as number[],
    warned: [] as number[],
    true_positives: [] as number[],
    precision: [] as (number | null)[],
    recall: [] as (number | null)[],
    accuracy: [] as (number | null)[],
    mean_lead_days: [] as (number | null)[],
  };
  let population = 0;
  let baseRate: number | null = null;
  for (const d of quietDays) {
    for (const b of balanceBelow) {
      const compiled = warningRules({
        rules: [
          {
            id: 'quietAndEmpty',
            level: 'high',
            when: { all: [{ daysSinceLast: { event }, gt: d }, { balance: { lt: b } }] },
          },
        ],
        activity: churn,
      });
      const r = backtestOnHistory(history, data, compiled, day, end, churn);
      population = r.population;
      baseRate = r.baseRate;
      cols.quiet_days.push(d);
      cols.balance_below.push(b);
      cols.warned.push(r.confusion.truePositive + r.confusion.falsePositive);
      cols.true_positives.push(r.confusion.truePositive);
      cols.precision.push(r.precision);
      cols.recall.push(r.recall);
      cols.accuracy.push(r.accuracy);
      cols.mean_lead_days.push(r.leadTime?.mean ?? null);
    }
  }
  return {
    asOf: formatDay(day),
    timeZone: history.zone.name,
    horizonEnd: formatDay(end),
    population,
    baseRate,
    settings: aq.table(cols),
  };
}

function grid(option: string, values: unknown, ok: (x: number) => boolean): number[] {
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'number' || !ok(v)))
    throw new SpecError(option, values, 'a non-empty array of numbers');
  return [...new Set(values as number[])].sort((a, b) => a - b);
}
