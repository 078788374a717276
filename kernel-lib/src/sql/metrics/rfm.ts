import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { scoreDimension } from '../../metrics/rfm/scoring.js';
import { RFM_SEGMENTS } from '../../metrics/rfm/segments.js';
import {
  RFM_DIMENSIONS,
  type ResolvedScoring,
  type RfmDimension,
  type RfmSpec,
} from '../../metrics/rfm/spec.js';
import { resolveRfmSpec } from '../../metrics/rfm/spec.js';
import { rfmAsOfDay } from '../../metrics/rfm/values.js';
import { sourceZones } from '../sourceZone.js';
import type { RfmGroupThresholds, RfmResult } from '../../metrics/rfm/rfm.js';
import { sumMoney } from '../../math/money.js';
import { TimeZone, formatDay } from '../../time/zone.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import { microsOf, unitsOf } from '../money.js';
import { localDayInSpan } from '../localDay.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { refuseMissingOrderValues, sourceName } from '../span.js';
import { checkOrderIdsSql, orderRollUp } from './orderRollUp.js';
import { requireColumns } from './sourceColumns.js';
import { sourceColumnOf } from './columnMap.js';

/** Where the canonical order columns are in a source, when its names differ. */
export interface OrderColumns {
  /** Where `user_id` is (a spec's `userColumn` other than `user_id` names the source's own column). @default 'user_id' */
  userId?: string;
  /** @default 'ts' */
  ts?: string;
  /** @default 'amount' */
  amount?: string;
  /**
   * Column that groups lines into one order. @default spec.orderColumn when the source has it; `null` says
   * the source has none (each row is a purchase) without probing it.
   */
  orderId?: string | null;
}

interface PerUserRow {
  g: string;
  user_id: string;
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: number;
}

const DIM_KEY: Record<RfmDimension, 'r' | 'f' | 'm'> = { recency: 'r', frequency: 'f', monetary: 'm' };

/**
 * RFM segmentation (RFM 模型) on an SQL engine: the same {@link RfmSpec} and the same result shape as the
 * in-memory `rfm()`, computed where the data lives (DuckDB over Parquet/CSV, ClickHouse tables or a
 * `Distributed` table). Per-user values, scores and the 8 segments are computed in SQL; thresholds are
 * described from the per-user values the engine returns.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param source a table in the engine or a file it reads in place
 * @param spec the definition (see `RfmSpec`)
 * @param columns where `user_id`, `ts`, `amount` are, when the source names them otherwise
 * @example const result = await rfmSql(await duckdb(), { file: 'orders.parquet' }, { scoring: { method: 'mean' } });
 */
export async function rfmSql(
  engine: SqlEngine,
  source: SqlSource,
  spec: RfmSpec = {},
  columns: OrderColumns = {},
): Promise<RfmResult> {
  const q = await compileRfm(engine, source, spec, columns);
  // Streamed into columns: 5M users never exist as 5M row objects (nor as one JSON string on chdb).
  const users = new PerUserColumns();
  await engine.stream<PerUserRow>(
    { sql: q.builder.statement(`${q.perUser} ORDER BY g, user_id`), params: q.builder.params },
    (rows) => users.append(rows),
  );
  return assemble(users, q.spec, formatDay(q.asOfDay), q.higherIsBetter, q.orderColumn);
}

/** One row per segment (and group) of an RFM run on an SQL engine, without the per-user rows. */
export interface RfmSegmentCounts {
  /** The as-of day used (`YYYY-MM-DD`). */
  asOf: string;
  /** The column that grouped lines into orders, or null when each row counted as one purchase. */
  orderColumn: string | null;
  /** Columns as `rfm().segments`: [group], segment, users, share, means, total. */
  segments: ColumnTable;
}

/**
 * RFM segment counts (RFM 客户分群) computed wholly in the engine: for data whose per-user table is too
 * large to bring back (tens of millions of users). The same spec and segment rows as `rfm().segments`.
 * @example const { segments } = await rfmSegmentsSql(await duckdb(), { file: 'orders-100M.parquet' });
 */
export async function rfmSegmentsSql(
  engine: SqlEngine,
  source: SqlSource,
  spec: RfmSpec = {},
  columns: OrderColumns = {},
): Promise<RfmSegmentCounts> {
  const q = await compileRfm(engine, source, spec, columns);
  const rows = await engine.query<Record<string, number | string>>({
    sql: q.builder
      .statement(`SELECT g, segment, count(*) AS users, sum(recency) AS recency, sum(frequency) AS frequency,
      ${unitsOf(`sum(${microsOf('monetary')})`)} AS monetary FROM (${q.perUser}) AS per_user GROUP BY g, segment`),
    params: q.builder.params,
  });
  const groupBy = q.spec.groupBy;
  const groups = [...new Set(rows.map((r) => String(r.g)))].sort();
  const out: Record<string, unknown>[] = [];
  for (const g of groups) {
    const mine = rows.filter((r) => String(r.g) === g);
    const total = mine.reduce((a, r) => a + Number(r.users), 0);
    for (let s = 0; s < 8; s++) {
      const r = mine.find((x) => Number(x.segment) === s);
      const n = r ? Number(r.users) : 0;
      out.push({
        ...(groupBy ? { [groupBy]: g } : {}),
        segment: RFM_SEGMENTS[s],
        users: n,
        share: n / total,
        mean_recency: n ? Number(r!.recency) / n : null,
        mean_frequency: n ? Number(r!.frequency) / n : null,
        mean_monetary: n ? Number(r!.monetary) / n : null,
        total_monetary: r ? Number(r.monetary) : 0,
      });
    }
  }
  return { asOf: formatDay(q.asOfDay), orderColumn: q.orderColumn, segments: aq.from(out) };
}

interface CompiledRfm {
  builder: SqlBuilder;
  /** SELECT of one row per (g, user): values, scores and segment index (no ORDER BY). */
  perUser: string;
  asOfDay: number;
  spec: ReturnType<typeof resolveRfmSpec>;
  higherIsBetter: Record<RfmDimension, boolean>;
  /** The order column used, or null. */
  orderColumn: string | null;
}

/** Checks the source, finds the as-of day, and writes the per-user SQL of an RFM spec. */
async function compileRfm(
  engine: SqlEngine,
  source: SqlSource,
  spec: RfmSpec,
  columns: OrderColumns,
): Promise<CompiledRfm> {
  const resolved = resolveRfmSpec(spec, sourceZones({ orders: source }));
  const zone = TimeZone.of(resolved.timeZone);
  const d = dialectOf(engine.dialect);

  const present = await requireColumns(engine, source, [
    { column: sourceColumnOf(resolved.userColumn, columns), role: 'the user id' },
    { column: sourceColumnOf('ts', columns), role: 'the order time' },
    { column: sourceColumnOf('amount', columns), role: 'the order amount' },
    ...(resolved.groupBy === undefined ? [] : [{ column: resolved.groupBy, role: 'groupBy' }]),
    ...(columns.orderId === undefined || columns.orderId === null
      ? []
      : [{ column: columns.orderId, role: 'the order id' }]),
  ]);
  const orderId =
    resolved.frequency === 'rows' || resolved.orderColumn === null
      ? null
      : columns.orderId !== undefined
        ? columns.orderId
        : present.has(resolved.orderColumn)
          ? resolved.orderColumn
          : null;
  // The lines, renamed to canonical names once.
  const lines = (b: SqlBuilder) => {
    const g = resolved.groupBy === undefined ? `''` : d.text(b.id(resolved.groupBy));
    const order = orderId === null ? '' : `, ${d.text(b.id(orderId))} AS order_id`;
    return `SELECT ${d.userId(b.id(sourceColumnOf(resolved.userColumn, columns)))} AS user_id, ${g} AS g,
      ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms, CAST(${b.id(columns.amount ?? 'amount')} AS ${d.double}) AS amount${order}
      FROM ${d.relation(source, b)}`;
  };
  // The purchases: lines rolled up into orders when an order column is used; everything below reads `o`.
  const rows = (b: SqlBuilder) => (orderId === null ? lines(b) : orderRollUp(lines(b), ['user_id', 'g']));

  // 1. Checks and the default as-of day, in one pass.
  const check = new SqlBuilder(d);
  const checkRows = lines(check);
  const [stats] = await engine.query<Record<string, number | null>>({
    sql: `SELECT ${d.countIf('user_id IS NULL')} AS no_user, ${d.countIf('ms IS NULL')} AS no_ts,
      ${d.countIf('amount IS NULL')} AS no_amount, ${d.countIf('amount < 0')} AS refunds,
      ${d.minIf('ms', 'amount >= 0')} AS first_purchase, ${d.maxIf('ms', 'amount >= 0')} AS last_purchase,
      count(*) AS n
      FROM (${checkRows}) AS o`,
    params: check.params,
  });
  await refuseMissingOrderValues(engine, d, source, stats, {
    userId: sourceColumnOf(resolved.userColumn, columns),
    ts: columns.ts ?? 'ts',
    amount: columns.amount ?? 'amount',
  });
  if (resolved.refunds === 'error' && Number(stats.refunds) > 0) {
    throw new InputError(
      `${stats.refunds} rows with a negative amount`,
      { file: sourceName(source), column: columns.amount ?? 'amount' },
      "an amount ≥ 0 (or refunds: 'net' / 'exclude')",
    );
  }
  if (orderId !== null && Number(stats.no_user) === 0 && Number(stats.no_ts) === 0) {
    await checkOrderIdsSql(engine, lines, orderId);
    // Purchases are orders: which are refunds (and so the first and last purchase) follows their sums.
    const units = new SqlBuilder(d);
    const [span] = await engine.query<Record<string, number | null>>({
      sql: `SELECT ${d.minIf('ms', 'amount >= 0')} AS first_purchase, ${d.maxIf('ms', 'amount >= 0')} AS last_purchase
        FROM (${rows(units)}) AS o`,
      params: units.params,
    });
    stats.first_purchase = span.first_purchase;
    stats.last_purchase = span.last_purchase;
  }
  const last =
    stats.last_purchase === null || stats.last_purchase === undefined || Number(stats.n) === 0
      ? -Infinity
      : Number(stats.last_purchase);
  const asOfDay =
    resolved.asOf !== undefined
      ? zone.dayOf(resolved.asOf)
      : rfmAsOfDay(last, zone, resolved, sourceName(source));

  // 2. Values, scores and segments.
  const b = new SqlBuilder(d);
  const tz = b.bind(resolved.timeZone, 'String');
  const end = b.bind(zone.startOfDay(asOfDay), 'Float64');
  const inWindow =
    resolved.window === undefined
      ? `o.ms < ${end}`
      : `o.ms < ${end} AND o.ms >= ${b.bind(zone.startOfDay(asOfDay - resolved.window), 'Float64')}`;
  const purchase = 'amount >= 0';
  // Summed in whole millionths (exact in any order, on any shard split), as money is in memory.
  const micros = microsOf('amount');
  const totalExpr = unitsOf(resolved.refunds === 'net' ? `sum(${micros})` : d.sumIf(micros, purchase));
  // Every purchase lies between the first and the last (read in the checks' pass): the local day of a
  // purchase (and of a user's first and last) is arithmetic on that span's offsets.
  const span =
    stats.first_purchase === null || stats.first_purchase === undefined
      ? { fromMs: 0, toMs: 0 }
      : { fromMs: Number(stats.first_purchase), toMs: Number(stats.last_purchase) };
  const day = (ms: string) => localDayInSpan(b, ms, zone, span, () => d.localDayOfMs(ms, tz));
  const days = resolved.frequency === 'purchaseDays' ? `, ${d.uniqIf(day('ms'), purchase)} AS days` : '';
  const pairs = b.subquery(
    'pairs',
    `SELECT g, user_id, ${d.countIf(purchase)} AS c, ${totalExpr} AS total,
      ${d.minIf('ms', purchase)} AS first_ms, ${d.maxIf('ms', purchase)} AS last_ms${days}
    FROM (${rows(b)}) AS o WHERE ${inWindow} GROUP BY g, user_id HAVING ${d.countIf(purchase)} > 0`,
  );
  const asOf = b.bind(asOfDay, 'Int64');
  const lastDay = day('last_ms');
  const recency =
    resolved.recency === 'ageAtLast' ? `(${lastDay}) - (${day('first_ms')})` : `${asOf} - (${lastDay})`;
  const frequency = resolved.frequency === 'purchaseDays' ? 'days' : 'c';
  const monetary = resolved.monetary === 'mean' ? 'total / c' : 'total';
  const values = b.subquery(
    'vals',
    `SELECT g, user_id, CAST(${recency} AS ${d.double}) AS recency, CAST(${frequency} AS ${d.double}) AS frequency,
      CAST(${monetary} AS ${d.double}) AS monetary FROM ${pairs}`,
  );

  const higherIsBetter: Record<RfmDimension, boolean> = {
    recency: resolved.recency === 'ageAtLast',
    frequency: true,
    monetary: true,
  };
  let scored = `SELECT g, user_id, recency, frequency, monetary FROM ${values}`;
  const kept = ['g', 'user_id', 'recency', 'frequency', 'monetary'];
  for (const dim of RFM_DIMENSIONS) {
    const key = DIM_KEY[dim];
    scored = scoreStep(b, scored, kept, dim, resolved.scoring[dim], higherIsBetter[dim], values);
    kept.push(key);
  }
  const withScores = b.subquery('scored', scored);
  const levels = (dim: RfmDimension) => levelsOf(resolved.scoring[dim]);
  const highFrom = (dim: RfmDimension) => {
    const k = DIM_KEY[dim];
    if (levels(dim) === 2) return '2';
    if (resolved.high === 'aboveMeanScore') return `floor(avg(${k})) + 1`;
    return b.bind(resolved.high, 'Float64');
  };
  const highs = `SELECT g, ${RFM_DIMENSIONS.map((dim) => `${highFrom(dim)} AS high_${DIM_KEY[dim]}`).join(', ')}
    FROM ${withScores} GROUP BY g`;
  const segment = `(CASE WHEN m >= high_m THEN 0 ELSE 4 END) + (CASE WHEN r >= high_r THEN 0 ELSE 2 END)
    + (CASE WHEN f >= high_f THEN 0 ELSE 1 END)`;
  const perUser = `SELECT g, user_id, recency, frequency, monetary, r, f, m, ${segment} AS segment
    FROM ${withScores} ${d.uniqueLeftJoin} (${highs}) AS highs USING (g)`;
  return { builder: b, perUser, asOfDay, spec: resolved, higherIsBetter, orderColumn: orderId };
}

/** One join level: the rows so far plus the score of one dimension. */
function scoreStep(
  b: SqlBuilder,
  previous: string,
  kept: string[],
  dim: RfmDimension,
  rule: ResolvedScoring,
  higherIsBetter: boolean,
  values: string,
): string {
  const d = b.dialect;
  const key = DIM_KEY[dim];
  const good = higherIsBetter ? dim : `-${dim}`;
  const cols = kept.join(', ');
  const histogram = `SELECT g, ${good} AS v, count(*) AS k FROM ${values} GROUP BY g, ${good}`;
  const joinRanks = (score: string) =>
    `SELECT ${cols}, ${score} AS ${key} FROM (SELECT ${cols}, ${good} AS v FROM (${previous}) AS prev) AS l
      ${d.uniqueLeftJoin} (${d.ranks(histogram)}) AS ranks USING (g, v)`;
  const topK = (k: string) => joinRanks(`CASE WHEN n - hi < ${k} THEN 2 ELSE 1 END`);
  switch (rule.method) {
    case 'quantile': {
      const bins = b.bind(rule.bins, 'Int64');
      if (rule.ties === 'ordinal') {
        // Each user's own rank − 1: by goodness, then user id ascending (DuckDB: row_number; ClickHouse
        // 18.16 has no window functions: a sorted array per group, enumerated).
        const ranks =
          d.name === 'duckdb'
            ? `SELECT g, user_id, row_number() OVER (PARTITION BY g ORDER BY ${good}, user_id) - 1 AS r0,
                count(*) OVER (PARTITION BY g) AS n FROM ${values}`
            : `SELECT g, t.2 AS user_id, i - 1 AS r0, n
                FROM (SELECT g, arraySort(groupArray((${good}, user_id))) AS a, count(*) AS n FROM ${values} GROUP BY g) AS sorted
                ARRAY JOIN a AS t, arrayEnumerate(a) AS i`;
        return `SELECT ${cols}, 1 + ${d.intDiv(`${bins} * r0`, 'n')} AS ${key}
          FROM (${previous}) AS prev ${d.uniqueLeftJoin} (${ranks}) AS ranks USING (g, user_id)`;
      }
      const twiceRankMinusOne =
        rule.ties === 'min' ? '2 * lo' : rule.ties === 'max' ? '2 * (hi - 1)' : 'lo + hi - 1';
      return joinRanks(`1 + ${d.intDiv(`${bins} * (${twiceRankMinusOne})`, '2 * n')}`);
    }
    case 'topN':
      return topK(b.bind(rule.n, 'Float64'));
    case 'topPercent':
      return topK(`ceil((n * ${b.bind(rule.percent, 'Float64')}) / 100 - 1e-9)`);
    case 'pareto': {
      const share = b.bind(rule.share, 'Float64');
      if (rule.basis === 'users') return topK(`ceil((n * (100 - 100 * ${share})) / 100 - 1e-9)`);
      // The largest v at which the running total from the top first reaches share × total (see scoring.ts):
      // inside a block of equal values the total grows by v per user, so the best point is the block's end
      // for v ≥ 0 and its first user for v < 0.
      const totals = `SELECT g, sum(${good}) AS total FROM ${values} GROUP BY g`;
      const bounds = `SELECT g, max(v) AS bound, 1 AS has_bound
        FROM (${d.ranks(histogram)}) AS ranks ${d.uniqueLeftJoin} (${totals}) AS totals USING (g)
        WHERE above + (CASE WHEN v >= 0 THEN k * v ELSE v END) >= ${share} * total GROUP BY g`;
      return `SELECT ${cols}, CASE WHEN has_bound = 1 AND ${good} >= bound THEN 2 ELSE 1 END AS ${key}
        FROM (${previous}) AS prev ${d.uniqueLeftJoin} (${bounds}) AS bounds USING (g)`;
    }
    case 'mean': {
      const better = higherIsBetter ? `${dim} > mean` : `${dim} < mean`;
      return `SELECT ${cols}, CASE WHEN ${better} THEN 2 ELSE 1 END AS ${key}
        FROM (${previous}) AS prev ${d.uniqueLeftJoin} (SELECT g, avg(${dim}) AS mean FROM ${values} GROUP BY g) AS means USING (g)`;
    }
    case 'cuts': {
      // Cuts at most the value, as a sum of comparisons (lambdas over columns fail on ClickHouse 18.16).
      const bin = rule.cuts
        .map((c) => `(CASE WHEN ${dim} >= ${b.bind(c, 'Float64')} THEN 1 ELSE 0 END)`)
        .join(' + ');
      const score = higherIsBetter ? `(${bin}) + 1` : `${rule.cuts.length + 1} - (${bin})`;
      return `SELECT ${cols}, ${score} AS ${key} FROM (${previous}) AS prev`;
    }
  }
}

function levelsOf(rule: ResolvedScoring): number {
  if (rule.method === 'quantile') return rule.bins;
  if (rule.method === 'cuts') return rule.cuts.length + 1;
  return 2;
}

const VALUE_KEYS = ['recency', 'frequency', 'monetary', 'r', 'f', 'm'] as const;

/** The per-user rows of an engine, as columns (numbers in growing Float64Arrays). */
class PerUserColumns {
  n = 0;
  readonly userId: string[] = [];
  readonly g: string[] = [];
  readonly segment: number[] = [];
  values: Record<(typeof VALUE_KEYS)[number], Float64Array> = Object.fromEntries(
    VALUE_KEYS.map((k) => [k, new Float64Array(1024)]),
  ) as Record<(typeof VALUE_KEYS)[number], Float64Array>;

  append(rows: PerUserRow[]): void {
    const need = this.n + rows.length;
    if (need > this.values.recency.length) {
      const size = Math.max(need, this.values.recency.length * 2);
      for (const k of VALUE_KEYS) {
        const grown = new Float64Array(size);
        grown.set(this.values[k].subarray(0, this.n));
        this.values[k] = grown;
      }
    }
    for (const row of rows) {
      const i = this.n++;
      this.userId.push(String(row.user_id));
      this.g.push(String(row.g));
      this.segment.push(Number(row.segment));
      for (const k of VALUE_KEYS) this.values[k][i] = Number(row[k]);
    }
  }

  column(k: (typeof VALUE_KEYS)[number]): Float64Array {
    return this.values[k].subarray(0, this.n);
  }
}

/** The engine's per-user rows as the in-memory result shape. */
function assemble(
  rows: PerUserColumns,
  spec: ReturnType<typeof resolveRfmSpec>,
  asOf: string,
  higherIsBetter: Record<RfmDimension, boolean>,
  orderColumn: string | null,
): RfmResult {
  const groupBy = spec.groupBy;
  const col = (k: (typeof VALUE_KEYS)[number]) => rows.column(k);
  const users = aq.table({
    user_id: rows.userId,
    ...(groupBy ? { [groupBy]: rows.g } : {}),
    recency: col('recency'),
    frequency: col('frequency'),
    monetary: col('monetary'),
    r: col('r'),
    f: col('f'),
    m: col('m'),
    segment: rows.segment.map((s) => RFM_SEGMENTS[s]),
  });
  const segments: Record<string, unknown>[] = [];
  const thresholds: RfmGroupThresholds[] = [];
  for (const [group, members] of byGroup(rows.g)) {
    const entry = { group: groupBy ? group : null, users: members.length } as RfmGroupThresholds;
    for (const dim of RFM_DIMENSIONS) {
      const values = Float64Array.from(members, (i) => col(dim)[i]);
      const ids = members.map((i) => rows.userId[i]);
      const described = scoreDimension(values, spec.scoring[dim], higherIsBetter[dim], ids).thresholds;
      const scores = col(DIM_KEY[dim]);
      let total = 0;
      for (const i of members) total += scores[i];
      const meanScore = total / members.length;
      const highFrom =
        described.levels === 2 ? 2 : spec.high === 'aboveMeanScore' ? Math.floor(meanScore) + 1 : spec.high;
      entry[dim] = { ...described, meanScore, highFrom };
    }
    thresholds.push(entry);
    for (let s = 0; s < 8; s++) {
      const inSegment = members.filter((i) => rows.segment[i] === s);
      const n = inSegment.length;
      const sum = (dim: RfmDimension) =>
        dim === 'monetary'
          ? sumMoney(Float64Array.from(inSegment, (i) => col('monetary')[i]))
          : inSegment.reduce((a, i) => a + col(dim)[i], 0);
      segments.push({
        ...(groupBy ? { [groupBy]: group } : {}),
        segment: RFM_SEGMENTS[s],
        users: n,
        share: n / members.length,
        mean_recency: n ? sum('recency') / n : null,
        mean_frequency: n ? sum('frequency') / n : null,
        mean_monetary: n ? sum('monetary') / n : null,
        total_monetary: sum('monetary'),
      });
    }
  }
  return {
    users,
    segments: aq.from(segments),
    thresholds,
    spec: { ...spec, asOf, orderColumn },
  };
}

/** Row indices per group, groups in order of first appearance. */
function byGroup(g: string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < g.length; i++) {
    const list = groups.get(g[i]);
    if (list) list.push(i);
    else groups.set(g[i], [i]);
  }
  return groups;
}
