import { decideStage, newStageFacts } from '../../metrics/lifecycle/classify.js';
import { lifecycleResult, type LifecycleResult } from '../../metrics/lifecycle/lifecycle.js';
import {
  resolveLifecycleSpec,
  type LifecycleSpec,
  type ResolvedLifecycleSpec,
} from '../../metrics/lifecycle/spec.js';
import { NOT_REGISTERED } from '../../metrics/lifecycle/stages.js';
import {
  snapshotDays,
  snapshotsResult,
  stageTransition,
  transitionDays,
  type SnapshotOptions,
  type StageSnapshots,
  type StageTransition,
} from '../../metrics/lifecycle/transitions.js';
import { formatDay } from '../../time/zone.js';
import type { SqlEngine } from '../engine.js';
import type { ChurnColumns, ChurnSources } from './historySources.js';
import { stageInputsSql } from './lifecycleStageInputs.js';
import { sourceZones } from '../sourceZone.js';

/**
 * Each user's life-cycle stage (用户生命周期: 引入期, 成长期, 成熟期, 休眠期, 流失期) as of the end of
 * `spec.asOf` on an SQL engine: the same {@link LifecycleSpec} and result as the in-memory `lifecycle()`
 * (stage, base stage, signal and the three dormancy flags per user; counts per stage). The engine computes
 * each user's facts (order count and last order, terms moving longer, last payout, latest and largest
 * balance, last activity) as aggregates; the stage rules are the in-memory ones (`decideStage`). Users
 * come back sorted by id.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param sources the users table and the events, orders, payouts and balances tables (each optional but users)
 * @param spec the definition; see {@link LifecycleSpec} for defaults
 * @param columns where the canonical columns are, when the sources name them otherwise
 * @returns per-user stages with the signal that fired, and counts per stage
 * @example const r = await lifecycleSql(await duckdb(), { users: { file: 'users.parquet' }, orders: { file: 'orders.parquet' } }, { asOf: '2017-03-01' });
 */
export async function lifecycleSql(
  engine: SqlEngine,
  sources: ChurnSources,
  spec: LifecycleSpec,
  columns: ChurnColumns = {},
): Promise<LifecycleResult> {
  const resolved = resolveLifecycleSpec(spec, sourceZones(sources));
  const day = resolved.asOfDay;
  const t = await stageInputsSql(engine, sources, columns, resolved);
  const facts = newStageFacts();
  return lifecycleResult(
    t.userIds,
    (u) => decideStage(t.inputs[u], resolved, day, facts),
    resolved,
    day,
    t.notes,
  );
}

/**
 * Stage counts over time (用户生命周期阶段分布) on an SQL engine: the same snapshots as the in-memory
 * `lifecycleSnapshots()` (the end of every period from `options.from` to `spec.asOf`), each computed from
 * rows on or before its own day. `userIds` and `codes` cover the users signed up by `spec.asOf`, sorted by id.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param sources the users, events, orders, payouts and balances tables
 * @param spec the stage definition; `asOf` is the last snapshot
 * @param options first snapshot and period
 * @param columns where the canonical columns are
 * @returns counts per snapshot and stage, with transitions between snapshots
 * @example (await lifecycleSnapshotsSql(engine, sources, { asOf: '2017-03-31' }, { from: '2016-10-01' })).transition(0, 1).matrix
 */
export async function lifecycleSnapshotsSql(
  engine: SqlEngine,
  sources: ChurnSources,
  spec: LifecycleSpec,
  options: SnapshotOptions,
  columns: ChurnColumns = {},
): Promise<StageSnapshots> {
  const resolved = resolveLifecycleSpec(spec, sourceZones(sources));
  const { days, period } = snapshotDays(resolved, options);
  const { userIds, codes } = await stageCodes(engine, sources, columns, resolved, days);
  return snapshotsResult(userIds, codes, days, period, resolved);
}

/**
 * The transition matrix between two dates (阶段流转矩阵) on an SQL engine: the same cells and users as the
 * in-memory `stageTransitions()`.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param sources the users, events, orders, payouts and balances tables
 * @param spec the stage definition; its `asOf` is ignored in favour of `dates.to`
 * @param dates `{ from, to }` as `YYYY-MM-DD`
 * @param columns where the canonical columns are
 * @returns counts per (from, to) cell and the users behind each (sorted by id)
 * @example (await stageTransitionsSql(engine, sources, { asOf: '2017-03-01' }, { from: '2017-01-31', to: '2017-02-28' })).matrix
 */
export async function stageTransitionsSql(
  engine: SqlEngine,
  sources: ChurnSources,
  spec: LifecycleSpec,
  dates: { from: string; to: string },
  columns: ChurnColumns = {},
): Promise<StageTransition> {
  const { resolved, fromDay } = transitionDays(spec, dates, sourceZones(sources));
  const { userIds, codes } = await stageCodes(engine, sources, columns, resolved, [
    fromDay,
    resolved.asOfDay,
  ]);
  return stageTransition(userIds, codes[0], codes[1], dates.from, dates.to);
}

/** Stage codes of the users signed up by the last day (sorted by id) at each day, one engine pass per day. */
async function stageCodes(
  engine: SqlEngine,
  sources: ChurnSources,
  columns: ChurnColumns,
  resolved: ResolvedLifecycleSpec,
  days: number[],
): Promise<{ userIds: string[]; codes: Int8Array[] }> {
  const last = await stageInputsSql(engine, sources, columns, resolved);
  const index = new Map(last.userIds.map((id, u) => [id, u]));
  const facts = newStageFacts();
  const codes: Int8Array[] = [];
  for (const day of days) {
    const atDay = { ...resolved, asOf: formatDay(day), asOfDay: day };
    const t = day === resolved.asOfDay ? last : await stageInputsSql(engine, sources, columns, atDay);
    const out = new Int8Array(last.userIds.length).fill(NOT_REGISTERED);
    t.userIds.forEach((id, k) => (out[index.get(id)!] = decideStage(t.inputs[k], atDay, day, facts).stage));
    codes.push(out);
  }
  return { userIds: last.userIds, codes };
}
