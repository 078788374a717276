import type { ResolvedChurnRule } from '../../metrics/history/churnRule.js';
import type { Dialect, SqlBuilder } from '../dialect.js';
import type { ChurnColumns, ChurnSources } from './historySources.js';

/**
 * The rows that count as a user's activity (活跃) up to an instant, as SELECTs to UNION ALL: events of the
 * activity kinds and, when orders count, orders. Shared by churn, the lifecycle trend and the five stages,
 * so "active" means one thing on every SQL metric, as it does in memory (`activityMask`, `lastActiveDay`).
 * @param d the dialect
 * @param b the builder collecting bound values
 * @param sources the events and orders sources (either may be absent)
 * @param columns where the canonical columns are
 * @param rule which events count and whether orders do
 * @param end bound epoch ms: rows at or after it are not read
 * @param select the select list after `user_id` for a timestamp expression, e.g. `(ts) => `${day(ts)} AS day``
 * @returns zero to two SELECTs with `user_id` (as a string) first
 * @example activityRows(d, b, sources, columns, rule, end, (ts) => `${day(ts)} AS day`).join(' UNION ALL ')
 */
export function activityRows(
  d: Dialect,
  b: SqlBuilder,
  sources: Pick<ChurnSources, 'events' | 'orders'>,
  columns: ChurnColumns,
  rule: Pick<ResolvedChurnRule, 'activityEvents' | 'ordersCountAsActivity'>,
  end: string,
  select: (ts: string) => string,
): string[] {
  const parts: string[] = [];
  if (sources.events && rule.activityEvents.length > 0) {
    const ec = columns.events ?? {};
    const ts = b.id(ec.ts ?? 'ts');
    const kinds = rule.activityEvents.map((k) => b.bind(k, 'String')).join(', ');
    parts.push(`SELECT ${userIdOf(d, b, ec.userId)} AS user_id, ${select(ts)} FROM ${d.relation(sources.events, b)}
      WHERE ${d.epochMs(ts)} < ${end} AND ${d.text(b.id(ec.event ?? 'event'))} IN (${kinds})`);
  }
  if (sources.orders && rule.ordersCountAsActivity) {
    const oc = columns.orders ?? {};
    const ts = b.id(oc.ts ?? 'ts');
    parts.push(`SELECT ${userIdOf(d, b, oc.userId)} AS user_id, ${select(ts)} FROM ${d.relation(sources.orders, b)}
      WHERE ${d.epochMs(ts)} < ${end}`);
  }
  return parts;
}

/**
 * A source's user id column (canonical `user_id` unless mapped) as a string, read as memory reads ids
 * ({@link Dialect.userId}: trimmed, `17850.0` as `17850`, `007` kept); a missing id stays NULL.
 */
export function userIdOf(d: Dialect, b: SqlBuilder, column: string | undefined): string {
  return d.userId(b.id(column ?? 'user_id'));
}
