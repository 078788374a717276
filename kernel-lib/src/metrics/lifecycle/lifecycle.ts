import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError, SpecError } from '../../errors.js';
import { formatDay } from '../../time/zone.js';
import { tableZones } from '../../time/context.js';
import { StageClassifier, type StageFacts } from './classify.js';
import { dayLabels } from '../history/dayLabels.js';
import { buildHistory, type History, type UserData } from '../history/history.js';
import { resolveLifecycleSpec, type LifecycleSpec, type ResolvedLifecycleSpec } from './spec.js';
import { LIFECYCLE_STAGES, NOT_REGISTERED, type LifecycleStage } from './stages.js';

/** The stage of every user as of one day, with counts. */
export interface LifecycleResult {
  /** The definition used (defaults filled in). */
  spec: LifecycleSpec;
  /**
   * One row per user registered by the as-of day: user_id, stage, base_stage (introduction / growth /
   * maturity ignoring dormancy and churn), signal (the rule that fired), order_count, last_active
   * (`YYYY-MM-DD`), churn_day (null unless churned) and the three dormancy flags
   * no_transaction_since_signup, withdrawn_after_maturity, holdings_drop.
   */
  users: ColumnTable;
  /** stage, users: one row per stage in fixed order (zeros included). */
  counts: ColumnTable;
  /** The users in a stage (for a target list). */
  usersIn(stage: LifecycleStage): string[];
  /** Caveats about the data (e.g. no balances table, so two dormancy signals cannot fire). */
  notes: string[];
}

/**
 * Each user's life-cycle stage (用户生命周期: 新手期/引入期, 成长期, 成熟期, 休眠期, 流失期) as of the end of
 * `spec.asOf`, using only rows on or before that day (no look-ahead).
 *
 * @param data `{ users, events, orders, balances, payouts }`; `users` needs user_id and registered_at
 *   (plus verified_at / card_bound_at when growth requires them)
 * @param spec the definition; see {@link LifecycleSpec} for defaults
 * @returns per-user stages with the signal that fired, and counts per stage
 * @example
 * const r = lifecycle({ users, events, orders, balances, payouts }, { asOf: '2017-03-01', dormancyDays: 30 });
 * r.counts.print(); r.usersIn('dormancy');
 */
export function lifecycle(data: UserData, spec: LifecycleSpec): LifecycleResult {
  const resolved = resolveLifecycleSpec(spec, tableZones(data, spec?.timeZone));
  const history = buildHistory(data, { zone: resolved.zone, untilDay: resolved.asOfDay });
  checkGrowthColumns(history, resolved);
  return stagesAsOf(history, resolved, resolved.asOfDay);
}

/** Growth needs verification / card columns when the spec requires them. */
export function checkGrowthColumns(history: History, spec: ResolvedLifecycleSpec): void {
  if (spec.growthRequires.includes('verified') && !history.hasVerified) {
    throw new InputError(
      'missing column "verified_at"',
      { file: 'users' },
      'a verified_at column, or growthRequires without "verified"',
    );
  }
  if (spec.growthRequires.includes('cardBound') && !history.hasCardBound) {
    throw new InputError(
      'missing column "card_bound_at"',
      { file: 'users' },
      'a card_bound_at column, or growthRequires without "cardBound"',
    );
  }
}

/** Notes on what a history cannot show. */
export function historyNotes(history: History): string[] {
  const notes: string[] = [];
  if (history.balances.day.length === 0) {
    notes.push('no balance rows: the "withdrawn after maturity" and "holdings drop" signals cannot fire');
  }
  if (history.orders.day.length > 0 && !history.hasTermDays) {
    notes.push('orders have no term_days: maturity (short to long terms) cannot be detected');
  }
  if (history.unknownUserRows > 0) {
    notes.push(`${history.unknownUserRows} rows belong to users not in the users table and were ignored`);
  }
  return notes;
}

/** Stages of every user of a history as of `day` (the history may hold later rows; they are not read). */
export function stagesAsOf(history: History, spec: ResolvedLifecycleSpec, day: number): LifecycleResult {
  if (day > history.untilDay) throw new SpecError('asOf', formatDay(day), 'a day covered by the history');
  const classifier = new StageClassifier(history, spec);
  return lifecycleResult(
    history.userIds,
    (u) => classifier.classify(u, day),
    spec,
    day,
    historyNotes(history),
  );
}

/**
 * The result of {@link lifecycle} from each user's stage facts, however they were computed (in memory or
 * from an SQL engine's per-user aggregates).
 * @param userIds the users, in output order
 * @param factsOf the facts of user `u` as of `day` (the object may be reused between calls)
 * @param spec the resolved spec
 * @param day the as-of local day
 * @param notes caveats about the data
 * @returns per-user stages, counts per stage and the users behind each
 * @example lifecycleResult(ids, (u) => classifier.classify(u, day), spec, day, [])
 */
export function lifecycleResult(
  userIds: readonly string[],
  factsOf: (user: number) => StageFacts,
  spec: ResolvedLifecycleSpec,
  day: number,
  notes: string[],
): LifecycleResult {
  const label = dayLabels();
  const cols = {
    user_id: [] as string[],
    stage: [] as string[],
    base_stage: [] as string[],
    signal: [] as string[],
    order_count: [] as number[],
    last_active: [] as string[],
    churn_day: [] as (string | null)[],
    no_transaction_since_signup: [] as boolean[],
    withdrawn_after_maturity: [] as boolean[],
    holdings_drop: [] as boolean[],
  };
  const counts = new Array(LIFECYCLE_STAGES.length).fill(0);
  const members: string[][] = LIFECYCLE_STAGES.map(() => []);
  for (let u = 0; u < userIds.length; u++) {
    const f = factsOf(u);
    if (f.stage === NOT_REGISTERED) continue;
    const id = userIds[u];
    counts[f.stage]++;
    members[f.stage].push(id);
    cols.user_id.push(id);
    cols.stage.push(LIFECYCLE_STAGES[f.stage]);
    cols.base_stage.push(LIFECYCLE_STAGES[f.baseStage]);
    cols.signal.push(f.signal!);
    cols.order_count.push(f.orderCount);
    cols.last_active.push(label(f.lastActiveDay));
    cols.churn_day.push(Number.isNaN(f.churnDay) ? null : label(f.churnDay));
    cols.no_transaction_since_signup.push(f.noTransactionSinceSignup);
    cols.withdrawn_after_maturity.push(f.withdrawnAfterMaturity);
    cols.holdings_drop.push(f.holdingsDrop);
  }
  const { zone: _zone, asOfDay: _day, ...plain } = spec;
  return {
    spec: { ...plain, asOf: formatDay(day) },
    users: aq.table(cols),
    counts: aq.table({
      stage: [...LIFECYCLE_STAGES],
      users: counts,
    }),
    usersIn: (stage) => {
      const k = LIFECYCLE_STAGES.indexOf(stage);
      if (k < 0) throw new SpecError('stage', stage, LIFECYCLE_STAGES);
      return [...members[k]];
    },
    notes,
  };
}
