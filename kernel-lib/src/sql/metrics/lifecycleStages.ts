import { decideStage, newStageFacts } from '../../metrics/lifecycle/classify.js';
import { lifecycleResult, type LifecycleResult } from '../../metrics/lifecycle/lifecycle.js';
import { resolveLifecycleSpec, type LifecycleSpec } from '../../metrics/lifecycle/spec.js';
import type { SqlEngine } from '../engine.js';
import type { ChurnColumns, ChurnSources } from './churn.js';
import { stageInputsSql } from './stageInputs.js';

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
  const resolved = resolveLifecycleSpec(spec);
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
