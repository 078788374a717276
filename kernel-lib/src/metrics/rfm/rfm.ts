import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { DictionaryColumn } from '../../table/columns.js';
import { Dictionary } from '../../table/dictionary.js';
import { formatDay } from '../../time/zone.js';
import { scoreDimension, type RfmDimensionThresholds } from './scoring.js';
import { RFM_SEGMENTS, segmentIndex } from './segments.js';
import {
  RFM_DIMENSIONS,
  resolveRfmSpec,
  type RfmDimension,
  type ResolvedRfmSpec,
  type RfmSpec,
} from './spec.js';
import { tableZones } from '../../time/context.js';
import { rfmValues, type RfmValues } from './values.js';
import { fromMicros, toMicros } from '../../math/money.js';

/** Thresholds of the three dimensions in one group (`group` is null without `groupBy`). */
export interface RfmGroupThresholds {
  group: string | null;
  users: number;
  recency: RfmDimensionThresholds;
  frequency: RfmDimensionThresholds;
  monetary: RfmDimensionThresholds;
}

/** The definition an RFM result used (the resolved spec, with the as-of day and order column as used). */
export type RfmResultSpec = ResolvedRfmSpec & { asOf: string };

/** What {@link rfm} returns. */
export interface RfmResult {
  /**
   * One row per scored (group, user): user_id, [group column], recency, frequency, monetary, r, f, m,
   * segment (a code of `RFM_SEGMENTS`; its names are in present/rfmLabels.ts). Rows come by group, then in
   * order of first appearance of the user id.
   */
  users: ColumnTable;
  /**
   * The 8 segments in fixed order (per group when grouping): [group column], segment, users, share (of
   * the group's users, a fraction), mean_recency, mean_frequency, mean_monetary, total_monetary (means are
   * null for an empty segment).
   */
  segments: ColumnTable;
  /** Per group, how each dimension was scored. */
  thresholds: RfmGroupThresholds[];
  /**
   * The spec with every default filled in, the as-of day actually used, and `orderColumn` as used: the
   * column that grouped lines into orders, or null when each row counted as one purchase.
   */
  spec: RfmResultSpec;
}

/**
 * RFM segmentation (RFM 模型 / 客户价值分群): recency, frequency and monetary value per user, scored and
 * mapped onto the 8 classic segments (重要价值客户 … 一般挽留客户). Pure: the input is not changed.
 * @param orders canonical orders: `user_id`, `ts`, `amount` (+ the `groupBy` column); typed columns from
 *   `load()` or a plain arquero table (Dates, epoch ms or ISO strings)
 * @param spec the definition; see {@link RfmSpec} for every option and default
 * @returns per-user values, scores and segments, segment counts, and the thresholds used
 * @example
 * const result = rfm(orders, { asOf: '2017-03-01', timeZone: 'Asia/Shanghai', scoring: { method: 'mean' } });
 * result.segments.print();
 */
export function rfm(orders: ColumnTable, spec: RfmSpec = {}): RfmResult {
  const resolved = resolveRfmSpec(spec, tableZones({ orders }, spec.timeZone));
  const values = rfmValues(orders, resolved);
  const pairs = values.userOf.length;
  const scores: Record<RfmDimension, Uint8Array> = {
    recency: new Uint8Array(pairs),
    frequency: new Uint8Array(pairs),
    monetary: new Uint8Array(pairs),
  };
  const segment = new Uint8Array(pairs);
  const thresholds: RfmGroupThresholds[] = [];
  const higherIsBetter: Record<RfmDimension, boolean> = {
    recency: resolved.recency === 'ageAtLast',
    frequency: true,
    monetary: true,
  };
  for (const [from, to] of groupRanges(values.groupOf)) {
    const group = values.groups ? values.groups.dictionary.decode(values.groupOf[from]) : null;
    const entry = { group, users: to - from } as RfmGroupThresholds;
    const high = {} as Record<RfmDimension, number>;
    // The group's user ids, decoded once, only for ordinal ties (which break ties by id).
    let groupIds: string[] | undefined;
    const ids = () =>
      RFM_DIMENSIONS.some((d) => isOrdinal(resolved.scoring[d]))
        ? (groupIds ??= Array.from(values.userOf.subarray(from, to), (u) =>
            values.users.dictionary.decode(u)!,
          ))
        : undefined;
    for (const dim of RFM_DIMENSIONS) {
      const scored = scoreDimension(
        values[dim].subarray(from, to),
        resolved.scoring[dim],
        higherIsBetter[dim],
        ids(),
      );
      scores[dim].set(scored.scores, from);
      const meanScore = mean(scored.scores);
      const highFrom =
        scored.thresholds.levels === 2
          ? 2
          : resolved.high === 'aboveMeanScore'
            ? Math.floor(meanScore) + 1
            : resolved.high;
      high[dim] = highFrom;
      entry[dim] = { ...scored.thresholds, meanScore, highFrom };
    }
    const [r, f, m] = [scores.recency, scores.frequency, scores.monetary];
    const [rHigh, fHigh, mHigh] = [high.recency, high.frequency, high.monetary];
    for (let p = from; p < to; p++) segment[p] = segmentIndex(r[p] >= rHigh, f[p] >= fHigh, m[p] >= mHigh);
    thresholds.push(entry);
  }
  const asOf = formatDay(values.asOfDay);
  return {
    users: usersTable(values, scores, segment, resolved),
    segments: segmentsTable(values, segment, resolved),
    thresholds,
    spec: { ...resolved, asOf, orderColumn: values.orderColumn },
  };
}

function isOrdinal(rule: ResolvedRfmSpec['scoring'][RfmDimension]): boolean {
  return rule.method === 'quantile' && rule.ties === 'ordinal';
}

/** Contiguous [from, to) ranges of equal group code (pairs are ordered by group). */
function groupRanges(groupOf: Int32Array): [number, number][] {
  const ranges: [number, number][] = [];
  let from = 0;
  for (let p = 1; p <= groupOf.length; p++) {
    if (p === groupOf.length || groupOf[p] !== groupOf[from]) {
      ranges.push([from, p]);
      from = p;
    }
  }
  return ranges;
}

function mean(a: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i];
  return a.length ? sum / a.length : NaN;
}

function usersTable(
  values: RfmValues,
  scores: Record<RfmDimension, Uint8Array>,
  segment: Uint8Array,
  spec: ResolvedRfmSpec,
): ColumnTable {
  // Codes into the input's dictionary and an 8-entry one: no string is copied per user.
  const codes = Int32Array.from(segment);
  const columns: Record<string, unknown> = {
    user_id: new DictionaryColumn(values.userOf, values.users.dictionary),
  };
  if (values.groups && spec.groupBy) columns[spec.groupBy] = groupColumn(values);
  Object.assign(columns, {
    recency: values.recency,
    frequency: values.frequency,
    monetary: values.monetary,
    r: scores.recency,
    f: scores.frequency,
    m: scores.monetary,
    segment: new DictionaryColumn(codes, SEGMENT_IDS),
  });
  return aq.table(columns as Record<string, ArrayLike<unknown>>);
}

function groupColumn(values: RfmValues): DictionaryColumn {
  return new DictionaryColumn(values.groupOf, values.groups!.dictionary);
}

function dictionaryOf(values: readonly string[]): Dictionary {
  const dictionary = new Dictionary();
  for (const v of values) dictionary.encode(v);
  return dictionary;
}
const SEGMENT_IDS = dictionaryOf(RFM_SEGMENTS);

function segmentsTable(values: RfmValues, segment: Uint8Array, spec: ResolvedRfmSpec): ColumnTable {
  const rows: Record<string, unknown>[] = [];
  for (const [from, to] of groupRanges(values.groupOf)) {
    const users = new Float64Array(8);
    const sums = {
      recency: new Float64Array(8),
      frequency: new Float64Array(8),
      monetary: new Float64Array(8),
    };
    for (let p = from; p < to; p++) {
      const s = segment[p];
      users[s]++;
      sums.recency[s] += values.recency[p];
      sums.frequency[s] += values.frequency[p];
      sums.monetary[s] += toMicros(values.monetary[p]); // whole millionths: exact in any user order
    }
    for (let s = 0; s < 8; s++) sums.monetary[s] = fromMicros(sums.monetary[s]);
    for (let s = 0; s < 8; s++) {
      const row: Record<string, unknown> = {};
      if (values.groups && spec.groupBy)
        row[spec.groupBy] = values.groups.dictionary.decode(values.groupOf[from]);
      const n = users[s];
      Object.assign(row, {
        segment: RFM_SEGMENTS[s],
        users: n,
        share: n / (to - from),
        mean_recency: n ? sums.recency[s] / n : null,
        mean_frequency: n ? sums.frequency[s] / n : null,
        mean_monetary: n ? sums.monetary[s] / n : null,
        total_monetary: sums.monetary[s],
      });
      rows.push(row);
    }
  }
  if (rows.length === 0) return emptySegments(spec);
  return aq.from(rows);
}

/** The measure columns of the segment table, in order, after the group column and the segment. */
export const SEGMENT_MEASURES = [
  'users',
  'share',
  'mean_recency',
  'mean_frequency',
  'mean_monetary',
  'total_monetary',
] as const;

function emptySegments(spec: ResolvedRfmSpec): ColumnTable {
  const names = [...(spec.groupBy ? [spec.groupBy] : []), 'segment', ...SEGMENT_MEASURES];
  return aq.table(Object.fromEntries(names.map((n) => [n, [] as unknown[]])));
}
