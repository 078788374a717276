import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { ChurnByStage, churnSeries } from '../../metrics/churn/churn.js';
import {
  churnLifecycleSpec,
  resolveChurnSpec,
  type ChurnSpec,
  type ResolvedChurnSpec,
} from '../../metrics/churn/spec.js';
import { decideStage, newStageFacts } from '../../metrics/lifecycle/classify.js';
import type { ResolvedLifecycleSpec } from '../../metrics/lifecycle/spec.js';
import { asOfDayOf } from '../../time/context.js';
import { sourceZones } from '../sourceZone.js';
import { periodIndex } from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import { localDayInSpan } from '../localDay.js';
import type { SqlEngine } from '../engine.js';
import { periodOfDay } from '../periods.js';
import { sourceName } from '../span.js';
import { activityRows, userIdOf } from './activeRows.js';
import { churnSpan } from './churnSpan.js';
import { nextActiveDays } from './nextDays.js';
import { stageInputsSql } from './lifecycleStageInputs.js';
import type { ChurnColumns, ChurnSources } from './historySources.js';
import { minOf } from '../../math/extent.js';

/** Result of {@link churnSql}. */
export interface ChurnSqlResult {
  spec: ResolvedChurnSpec;
  /** Users signed up by the as-of day. */
  users: number;
  /** Of those, users churned as of the as-of day (no activity for `days` days). */
  churned: number;
  /** period, churned_users, episodes: the same table as `churn().byPeriod`. */
  byPeriod: ColumnTable;
  /** With `spec.stages`: the same table as `churn().byStage` (stage, users, churned, churn_rate, share_of_churned). */
  byStage?: ColumnTable;
  /** With `spec.stages`: the same table as `churn().byStageChannel` (churn by channel within stage). */
  byStageChannel?: ColumnTable;
}

/**
 * Churned users (流失用户) by a rule such as "no login and no investment for 30 days", on an SQL engine:
 * how many users are churned as of a day, and the churned-user series per period (users who crossed the
 * churn line in it, and crossings), the same numbers as `churn()`. A user's activity is sign-up, events of
 * the activity kinds and (optionally) orders. With `spec.stages`, also churn by lifecycle stage and by
 * channel within stage (article 001 §2–3): stages come from per-user aggregates and the in-memory rules.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param sources the users table and the events and orders tables, in the engine or as files it reads
 * @param spec the churn rule and as-of day
 * @param columns where the canonical columns are, when the sources name them otherwise
 * @returns churned users as of the day and the series by period
 * @example const c = await churnSql(await duckdb(), { users: { file: 'users.parquet' }, events: { file: 'events.parquet' } }, { asOf: '2017-02-28' });
 */
export async function churnSql(
  engine: SqlEngine,
  sources: ChurnSources,
  spec: ChurnSpec,
  columns: ChurnColumns = {},
): Promise<ChurnSqlResult> {
  const rule = resolveChurnSpec(spec, sourceZones(sources));
  const stageSpec = rule.stages === undefined ? undefined : churnLifecycleSpec(rule);
  const { timeZone, period } = rule;
  const zone = TimeZone.of(timeZone);
  const asOfDay = asOfDayOf(zone, rule.asOf);
  const fromDay = rule.from === undefined ? undefined : asOfDayOf(zone, rule.from, 'from');
  const d = dialectOf(engine.dialect);
  const b = new SqlBuilder(d);
  const tz = b.bind(timeZone, 'String');
  const end = b.bind(zone.startOfDay(asOfDay + 1), 'Float64');
  const asOf = b.bind(asOfDay, 'Int64');
  const uc = columns.users ?? {};
  const registeredAt = uc.registeredAt ?? 'registered_at';

  // Sign-ups without a time are bad input, as in memory.
  const check = new SqlBuilder(d);
  const [missing] = await engine.query<{ n: number }>({
    sql: `SELECT ${d.countIf(`${check.id(registeredAt)} IS NULL`)} AS n FROM ${d.relation(sources.users, check)}`,
    params: check.params,
  });
  if (Number(missing.n) > 0) {
    const file = sourceName(sources.users);
    throw new InputError(
      `${missing.n} users without a sign-up time`,
      { file, column: registeredAt },
      'a date and time',
    );
  }

  // 1. Active days: sign-up (marks a member), activity events and orders up to the as-of day.
  const span = await churnSpan(engine, d, sources, columns, rule);
  const day = (ts: string) =>
    localDayInSpan(b, d.epochMs(ts), zone, span, () => d.localDayOfMs(d.epochMs(ts), tz));
  const parts = [
    `SELECT ${userIdOf(d, b, uc.userId)} AS user_id, ${day(b.id(registeredAt))} AS day, 1 AS reg
      FROM ${d.relation(sources.users, b)} WHERE ${d.epochMs(b.id(registeredAt))} < ${end}`,
    ...activityRows(d, b, sources, columns, rule, end, (ts) => `${day(ts)} AS day, 0 AS reg`),
  ];
  const allDays = b.subquery('all_days', parts.join('\nUNION ALL '));

  // 2. Crossings of the churn line: an active day followed by `days` quiet days within the as-of day.
  const n = b.bind(rule.days, 'Int64');
  const crossings = `SELECT user_id, day + ${n} AS c FROM (${nextActiveDays(d, b, allDays, true)}) AS nd
    WHERE day + ${n} <= ${asOf} AND next_day > day + ${n}`;
  const perPeriod = `SELECT p, count(DISTINCT user_id) AS users, count(*) AS episodes
    FROM (SELECT user_id, ${periodOfDay(d, 'c', period)} AS p FROM (${crossings}) AS x) AS xp GROUP BY p`;
  const lastDays = `SELECT user_id, max(day) AS last_day FROM ${allDays} GROUP BY user_id HAVING max(reg) = 1`;
  const summary = `SELECT count(*) AS users, ${d.countIf(`last_day + ${n} <= ${asOf}`)} AS churned
    FROM (${lastDays}) AS l`;

  const rows = await engine.query<{ p: number; users: number; episodes: number }>({
    sql: b.statement(perPeriod),
    params: b.params,
  });
  const [totals] = await engine.query<{ users: number; churned: number }>({
    sql: b.statement(summary),
    params: b.params,
  });
  const counts = new Map(
    rows.map((r) => [Number(r.p), { users: Number(r.users), episodes: Number(r.episodes) }]),
  );
  const first =
    fromDay !== undefined ? periodIndex(fromDay, period) : counts.size > 0 ? minOf(counts.keys()) : undefined;
  const { series } = churnSeries(counts, first, periodIndex(asOfDay, period), period);
  const result: ChurnSqlResult = {
    spec: rule,
    users: Number(totals.users),
    churned: Number(totals.churned),
    byPeriod: series,
  };
  if (stageSpec) Object.assign(result, await churnByStageSql(engine, sources, columns, stageSpec));
  return result;
}

/** Churn by base stage and by channel within stage, from per-user aggregates and the in-memory rules. */
async function churnByStageSql(
  engine: SqlEngine,
  sources: ChurnSources,
  columns: ChurnColumns,
  spec: ResolvedLifecycleSpec,
): Promise<Pick<ChurnSqlResult, 'byStage' | 'byStageChannel'>> {
  const t = await stageInputsSql(engine, sources, columns, spec);
  const tally = new ChurnByStage();
  const facts = newStageFacts();
  t.inputs.forEach((x, u) => {
    const f = decideStage(x, spec, spec.asOfDay, facts);
    tally.add(f.baseStage, t.channel[u], !Number.isNaN(f.churnDay));
  });
  return { byStage: tally.byStage(), byStageChannel: tally.byStageChannel() };
}
