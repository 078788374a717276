import { SpecError } from '../../errors.js';
import { rejectUnknownKeys } from '../../spec.js';
import { checkPeriod, type Period } from '../../time/periods.js';
import { checkAsOf, resolveTimeZone, type DataZones } from '../../time/context.js';
import { resolveLifecycleSpec, type LifecycleSpec, type ResolvedLifecycleSpec } from '../lifecycle/spec.js';
import { resolveChurnRule, type ChurnRule, type ResolvedChurnRule } from '../history/churnRule.js';

/**
 * How the stage a churned user churned from is decided: article 003's stage options without asOf, timeZone
 * and churn, which come from the churn spec or the warning rules.
 */
export type StageOptions = Omit<LifecycleSpec, 'asOf' | 'timeZone' | 'churn'>;

/**
 * The definition of churn (流失), the one spec of `churn()` and `churnSql()`: the churn rule, the as-of day
 * and how stages are told apart. The same spec gives both engines the same numbers and the same errors.
 */
export interface ChurnSpec extends ChurnRule {
  /** Churn as of the end of this day (`YYYY-MM-DD`); later rows are never read. */
  asOf: string;
  /** @default the zone the data carries (`load()`'s `timeZone`, an SQL source's `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Period of the churned-user series. @default 'month' */
  period?: Period;
  /** First period of the series (the period containing this day). @default the first churn */
  from?: string;
  /**
   * How the stage a churned user churned from is decided (article 003's stage options without asOf,
   * timeZone and churn, which come from this spec). `churn()` always breaks churn down by stage (`{}`:
   * article 003's defaults, which need verified_at and card_bound_at); `churnSql()` does when it is given.
   * @default {}
   */
  stages?: StageOptions;
}

/** A churn spec checked, with its defaults filled in (`from` and `stages` only when given). */
export interface ResolvedChurnSpec extends ResolvedChurnRule {
  asOf: string;
  timeZone: string;
  period: Period;
  from?: string;
  stages?: StageOptions;
}

const KEYS = [
  'asOf',
  'timeZone',
  'period',
  'from',
  'stages',
  'days',
  'activityEvents',
  'ordersCountAsActivity',
];

/**
 * Checks a churn spec (流失口径) and fills in its defaults (throws `SpecError` on the first bad option), for
 * `churn()` and `churnSql()` alike.
 * @param spec the options as given
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the full definition, as both engines report it in `result.spec`
 * @example resolveChurnSpec({ asOf: '2017-02-28' }).days // 30
 */
export function resolveChurnSpec(spec: ChurnSpec, zones: DataZones = {}): ResolvedChurnSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('churn spec', spec, 'an object');
  rejectUnknownKeys('churn', spec, KEYS);
  const stages = spec.stages === undefined ? undefined : checkStageOptions(spec.stages);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  const asOf = checkAsOf(spec.asOf);
  const rule = resolveChurnRule({
    days: spec.days,
    activityEvents: spec.activityEvents,
    ordersCountAsActivity: spec.ordersCountAsActivity,
  });
  const out: ResolvedChurnSpec = {
    ...rule,
    asOf,
    timeZone,
    period: spec.period === undefined ? 'month' : checkPeriod(spec.period),
  };
  if (spec.from !== undefined) out.from = checkAsOf(spec.from, 'from');
  if (stages !== undefined) out.stages = stages;
  return out;
}

/**
 * The lifecycle spec a churn spec implies: its stage options (`{}` when not given) with its as-of day, time
 * zone and rule, which decide the stage a churned user churned from (shared with `churnSql`).
 * @param spec a churn spec checked by {@link resolveChurnSpec}
 * @returns the resolved lifecycle spec
 * @example churnLifecycleSpec(resolveChurnSpec({ asOf: '2017-02-28', stages: { growthRequires: [] } })).churn.days // 30
 */
export function churnLifecycleSpec(spec: ResolvedChurnSpec): ResolvedLifecycleSpec {
  return resolveLifecycleSpec({
    ...(spec.stages ?? {}),
    asOf: spec.asOf,
    timeZone: spec.timeZone,
    churn: {
      days: spec.days,
      activityEvents: spec.activityEvents,
      ordersCountAsActivity: spec.ordersCountAsActivity,
    },
  });
}

/**
 * Checks stage options (of a churn spec or of warning rules) once, so a typo fails before any evaluation.
 * @param stages the options as given
 * @returns a copy of them
 * @example checkStageOptions({ growthRequires: [] }) // { growthRequires: [] }
 */
export function checkStageOptions(stages: unknown): StageOptions {
  if (stages === undefined) return {};
  if (typeof stages !== 'object' || stages === null) throw new SpecError('stages', stages, 'an object');
  for (const k of ['asOf', 'timeZone', 'churn']) {
    if (k in stages)
      throw new SpecError('stages option', k, 'stage options other than asOf, timeZone, churn');
  }
  resolveLifecycleSpec({ ...(stages as StageOptions), asOf: '2000-01-01' });
  return { ...(stages as StageOptions) };
}
