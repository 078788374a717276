import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, oneOf, rejectUnknownKeys } from '../../spec.js';
import { formatDay } from '../../time/zone.js';
import { buildHistory, type History, type UserData } from '../history/history.js';
import { asOfDayOf, metricZone } from '../../time/context.js';
import { resolveLifecycleSpec, type ResolvedLifecycleSpec } from '../lifecycle/spec.js';
import { checkStageOptions, type StageOptions } from './spec.js';
import { compileCondition, type CompiledCondition, type Condition } from './conditions.js';
import { ConditionEvaluator } from './facts.js';
import {
  activityMask,
  lastActiveDay,
  resolveChurnRule,
  type ChurnRule,
  type ResolvedChurnRule,
} from '../history/churnRule.js';

/** Warning levels (预警等级), most urgent first. */
export type WarningLevel = 'high' | 'medium' | 'low';
export const WARNING_LEVELS: readonly WarningLevel[] = ['high', 'medium', 'low'];

/** One warning rule: when `when` holds for a user, warn at `level`. */
export interface WarningRule {
  /** A name that shows in results (e.g. 'noLoginLowBalance'). */
  id: string;
  level: WarningLevel;
  when: Condition;
}

/**
 * A warning rule set, as JSON. Article 001's rule: high risk when more than 15 days without login and
 * balance under 100, sent by SMS; medium and low by push first, escalated to SMS when the user does
 * not react within a few days. Channels and the escalation delay are data.
 */
export interface WarningRuleSet {
  rules: WarningRule[];
  /**
   * What counts as activity: for `daysSinceLast: { activity: true }`, as the reaction that stops an
   * escalation, and (as a churn rule) to leave out users already churned.
   * @default { days: 30, activityEvents: ['login'], ordersCountAsActivity: true }
   */
  activity?: ChurnRule;
  /** Channel per level. @default { high: 'sms', medium: 'push', low: 'push' } */
  channels?: Partial<Record<WarningLevel, string>>;
  /** Days without reaction before a non-SMS warning escalates. @default 3 */
  escalateAfterDays?: number;
  /** The channel an escalation uses. @default 'sms' */
  escalateTo?: string;
  /**
   * The life-cycle definition for `stage` conditions (article 003's options; asOf, time zone and churn
   * rule come from the evaluation and `activity`). @default {}
   */
  stages?: StageOptions;
}

/** A checked rule set with defaults filled in. */
export interface CompiledWarningRules {
  source: WarningRuleSet;
  rules: { id: string; level: WarningLevel; when: CompiledCondition }[];
  activity: ResolvedChurnRule;
  channels: Record<WarningLevel, string>;
  escalateAfterDays: number;
  escalateTo: string;
  stages: StageOptions;
}

/**
 * Checks a warning rule set (JSON) and compiles its conditions; errors name the bad rule and part.
 * @param ruleSet the rules as data
 * @returns the compiled rule set
 * @example
 * warningRules({ rules: [{ id: 'quietPoor', level: 'high',
 *   when: { all: [{ daysSinceLast: { event: 'login' }, gt: 15 }, { balance: { lt: 100 } }] } }] })
 */
export function warningRules(ruleSet: WarningRuleSet | CompiledWarningRules): CompiledWarningRules {
  if (isCompiled(ruleSet)) return ruleSet;
  if (typeof ruleSet !== 'object' || ruleSet === null)
    throw new SpecError('warning rules', ruleSet, 'an object');
  rejectUnknownKeys('warning rules', ruleSet, [
    'rules',
    'activity',
    'channels',
    'escalateAfterDays',
    'escalateTo',
    'stages',
  ]);
  if (!Array.isArray(ruleSet.rules) || ruleSet.rules.length === 0)
    throw new SpecError('rules', ruleSet.rules, 'a non-empty array of rules');
  const ids = new Set<string>();
  const rules = ruleSet.rules.map((rule, i) => {
    const at = `rules[${i}]`;
    if (typeof rule !== 'object' || rule === null) throw new SpecError(at, rule, '{ id, level, when }');
    rejectUnknownKeys(at, rule, ['id', 'level', 'when']);
    const id = nonEmptyString(`${at}.id`, rule.id);
    if (ids.has(id)) throw new SpecError(`${at}.id`, id, 'a name used by no other rule');
    ids.add(id);
    if (rule.level === undefined) throw new SpecError(`${at}.level`, undefined, WARNING_LEVELS);
    return {
      id,
      level: oneOf(`${at}.level`, rule.level, WARNING_LEVELS, 'high'),
      when: compileCondition(rule.when, `${at}.when`),
    };
  });
  const given = ruleSet.channels ?? {};
  rejectUnknownKeys('channels', given, WARNING_LEVELS);
  const channels = {
    high: nonEmptyString('channels.high', given.high, 'sms'),
    medium: nonEmptyString('channels.medium', given.medium, 'push'),
    low: nonEmptyString('channels.low', given.low, 'push'),
  };
  return {
    source: ruleSet,
    rules,
    activity: resolveChurnRule(ruleSet.activity, 'activity'),
    channels,
    escalateAfterDays: integerIn('escalateAfterDays', ruleSet.escalateAfterDays, 0, 365, 3),
    escalateTo: nonEmptyString('escalateTo', ruleSet.escalateTo, 'sms'),
    stages: checkStageOptions(ruleSet.stages),
  };
}

function isCompiled(x: unknown): x is CompiledWarningRules {
  return typeof x === 'object' && x !== null && 'source' in x && 'escalateTo' in x;
}

/** Options of {@link evaluateWarnings}. */
export interface WarningOptions {
  /** Evaluate as of the end of this day (`YYYY-MM-DD`); later rows are never read. */
  asOf: string;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Also warn users who are already churned by the rule set's activity rule. @default false */
  includeChurned?: boolean;
}

/** Users warned as of a day. */
export interface WarningResult {
  asOf: string;
  /** The zone of local days used (the spec's `timeZone`, else the one the tables carry). */
  timeZone: string;
  /** user_id, level, rule, channel, escalate_on (when a non-SMS warning escalates if ignored). */
  warnings: ColumnTable;
  /** level, users: three rows, high to low. */
  counts: ColumnTable;
  /** Users evaluated (signed up by asOf, and not already churned unless includeChurned). */
  population: number;
  usersIn(level: WarningLevel): string[];
}

/**
 * Evaluates warning rules (流失预警) for every user as of a day, with no look-ahead. A user gets the most
 * urgent level whose rule holds; within a level, the first rule listed.
 * @param data `{ users, events, orders, balances }` as the rules need
 * @param rules a rule set (JSON) or its compiled form
 * @param options as-of day (a string is taken as `{ asOf }`)
 * @returns warned users with level, rule and channel
 * @example evaluateWarnings(data, rules, '2017-03-01').counts.print()
 */
export function evaluateWarnings(
  data: UserData,
  rules: WarningRuleSet | CompiledWarningRules,
  options: WarningOptions | string,
): WarningResult {
  const opts = typeof options === 'string' ? { asOf: options } : options;
  rejectUnknownKeys('warning options', opts, ['asOf', 'timeZone', 'includeChurned']);
  const zone = metricZone(opts.timeZone, data);
  const day = asOfDayOf(zone, opts.asOf);
  const history = buildHistory(data, { zone, untilDay: day });
  return warningsAt(history, data, warningRules(rules), day, opts.includeChurned ?? false);
}

/** Warnings from a history that may hold later rows (they are not read). */
export function warningsAt(
  history: History,
  data: UserData,
  compiled: CompiledWarningRules,
  day: number,
  includeChurned: boolean,
): WarningResult {
  const evaluator = new ConditionEvaluator(
    history,
    compiled.activity,
    { balances: !!data.balances, orders: !!data.orders, events: !!data.events },
    compiled.rules.map((r) => r.when),
    stageSpecAt(compiled.stages, history, day, compiled.activity),
  );
  const mask = activityMask(history, compiled.activity.activityEvents);
  const ordered = WARNING_LEVELS.flatMap((level) => compiled.rules.filter((r) => r.level === level));
  const cols = {
    user_id: [] as string[],
    level: [] as string[],
    rule: [] as string[],
    channel: [] as string[],
    escalate_on: [] as (string | null)[],
  };
  const members: Record<WarningLevel, string[]> = { high: [], medium: [], low: [] };
  let population = 0;
  for (let u = 0; u < history.userIds.length; u++) {
    if (history.registeredDay[u] > day) continue;
    if (!includeChurned) {
      const last = lastActiveDay(history, u, day, mask, compiled.activity.ordersCountAsActivity);
      if (day >= last + compiled.activity.days) continue;
    }
    population++;
    const hit = ordered.find((r) => evaluator.holds(r.when, u, day));
    if (!hit) continue;
    const id = history.userIds[u];
    const channel = compiled.channels[hit.level];
    members[hit.level].push(id);
    cols.user_id.push(id);
    cols.level.push(hit.level);
    cols.rule.push(hit.id);
    cols.channel.push(channel);
    cols.escalate_on.push(
      channel === compiled.escalateTo ? null : formatDay(day + compiled.escalateAfterDays),
    );
  }
  return {
    asOf: formatDay(day),
    timeZone: history.zone.name,
    warnings: aq.table(cols),
    counts: aq.table({
      level: [...WARNING_LEVELS],
      users: WARNING_LEVELS.map((l) => members[l].length),
    }),
    population,
    usersIn(level) {
      if (!WARNING_LEVELS.includes(level)) throw new SpecError('level', level, WARNING_LEVELS);
      return [...members[level]];
    },
  };
}

/**
 * Warnings to escalate (升级为短信): users warned through a non-SMS channel whose escalation day has come
 * by `asOf` and who showed no activity after the warning day.
 * @param data the same tables, now possibly holding rows after the warning day
 * @param rules the rule set that produced `warned`
 * @param warned the result of {@link evaluateWarnings}
 * @param asOf the day of the escalation run (`YYYY-MM-DD`)
 * @param timeZone day boundaries @default the zone the tables carry (as {@link evaluateWarnings})
 * @returns user_id, level, rule, warned_on, channel (the escalation channel)
 * @example escalateWarnings(data, rules, evaluateWarnings(data, rules, '2017-03-01'), '2017-03-04')
 */
export function escalateWarnings(
  data: UserData,
  rules: WarningRuleSet | CompiledWarningRules,
  warned: WarningResult,
  asOf: string,
  timeZone?: string,
): ColumnTable {
  const compiled = warningRules(rules);
  const zone = metricZone(timeZone, data);
  const day = asOfDayOf(zone, asOf);
  const warnedDay = asOfDayOf(zone, warned.asOf, 'warned.asOf');
  if (day < warnedDay) throw new SpecError('asOf', asOf, `a day on or after the warning day ${warned.asOf}`);
  const history = buildHistory(data, { zone, untilDay: day });
  const mask = activityMask(history, compiled.activity.activityEvents);
  const out = {
    user_id: [] as string[],
    level: [] as string[],
    rule: [] as string[],
    warned_on: [] as string[],
    channel: [] as string[],
  };
  for (const w of warned.warnings.objects() as {
    user_id: string;
    level: string;
    rule: string;
    escalate_on: string | null;
  }[]) {
    if (w.escalate_on === null || asOfDayOf(zone, w.escalate_on, 'escalate_on') > day) continue;
    const u = history.users.indexOf(w.user_id);
    if (u < 0) continue;
    if (lastActiveDay(history, u, day, mask, compiled.activity.ordersCountAsActivity) > warnedDay) continue;
    out.user_id.push(w.user_id);
    out.level.push(w.level);
    out.rule.push(w.rule);
    out.warned_on.push(warned.asOf);
    out.channel.push(compiled.escalateTo);
  }
  return aq.table(out);
}

/** The full stage definition for evaluating `stage` conditions on one day. */
export function stageSpecAt(
  stages: StageOptions,
  history: History,
  day: number,
  activity: ResolvedChurnRule,
): ResolvedLifecycleSpec {
  return resolveLifecycleSpec({
    ...stages,
    asOf: formatDay(day),
    timeZone: history.zone.name,
    churn: activity,
  });
}
