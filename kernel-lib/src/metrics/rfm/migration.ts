import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import type { RfmResult } from './rfm.js';
import { RFM_SEGMENTS, type RfmSegment } from './segments.js';

/** A migration state: one of the 8 segments, or `'none'` (not scored at that as-of date). */
export type RfmMigrationState = RfmSegment | 'none';

/** States of a migration matrix, in row/column order: the 8 segments, then `'none'`. */
export const RFM_MIGRATION_STATES: readonly RfmMigrationState[] = [...RFM_SEGMENTS, 'none'];

/** Segment migration between two as-of dates (客户分群迁移). */
export interface RfmMigration {
  /** As-of days of the two results. */
  before: string;
  after: string;
  /** Row and column states of `matrix`: the 8 segments, then 'none'. */
  states: readonly RfmMigrationState[];
  /**
   * `matrix[i][j]` = users in state i before and state j after. 'none' before = first scored after
   * (new in the window); 'none' after = no longer scored (e.g. outside a rolling window).
   */
  matrix: number[][];
  /** One row per user (per (group, user) with `groupBy`): user_id, [group], from, to. */
  transitions: ColumnTable;
}

/**
 * Segment migration between two RFM results (usually the same spec at two as-of dates), feeding a Sankey.
 * Users are matched by id (and group when both results use the same `groupBy`).
 * @param before the earlier result
 * @param after the later result
 * @returns a 9 × 9 count matrix (8 segments + 'none') and the user behind each move
 * @example
 * const move = rfmMigration(rfm(orders, { asOf: '2017-01-01' }), rfm(orders, { asOf: '2017-02-01' }));
 * rfmMigrationUsers(move, 'importantValue', 'importantWinBack');
 */
export function rfmMigration(before: RfmResult, after: RfmResult): RfmMigration {
  const groupBy = before.spec.groupBy;
  if (groupBy !== after.spec.groupBy) {
    throw new SpecError(
      'groupBy',
      after.spec.groupBy ?? null,
      `the same groupBy in both results (${groupBy ?? 'none'})`,
    );
  }
  const segmentsBefore = segmentByKey(before, groupBy);
  const segmentsAfter = segmentByKey(after, groupBy);
  const keys = new Map<string, [string, string | null]>();
  for (const [key, v] of segmentsBefore) keys.set(key, v.id);
  for (const [key, v] of segmentsAfter) if (!keys.has(key)) keys.set(key, v.id);

  const size = RFM_MIGRATION_STATES.length;
  const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const users: string[] = [];
  const groups: (string | null)[] = [];
  const from: RfmMigrationState[] = [];
  const to: RfmMigrationState[] = [];
  for (const [key, [user, group]] of keys) {
    const a = segmentsBefore.get(key)?.segment ?? 'none';
    const b = segmentsAfter.get(key)?.segment ?? 'none';
    matrix[RFM_MIGRATION_STATES.indexOf(a)][RFM_MIGRATION_STATES.indexOf(b)]++;
    users.push(user);
    groups.push(group);
    from.push(a);
    to.push(b);
  }
  const columns: Record<string, unknown[]> = { user_id: users };
  if (groupBy) columns[groupBy] = groups;
  columns.from = from;
  columns.to = to;
  return {
    before: before.spec.asOf,
    after: after.spec.asOf,
    states: RFM_MIGRATION_STATES,
    matrix,
    transitions: aq.table(columns),
  };
}

function segmentByKey(
  result: RfmResult,
  groupBy: string | undefined,
): Map<string, { id: [string, string | null]; segment: RfmSegment }> {
  const ids = result.users.array('user_id') as ArrayLike<string>;
  const segments = result.users.array('segment') as ArrayLike<RfmSegment>;
  const groups = groupBy ? (result.users.array(groupBy) as ArrayLike<string>) : undefined;
  const out = new Map<string, { id: [string, string | null]; segment: RfmSegment }>();
  for (let i = 0; i < ids.length; i++) {
    const group = groups ? groups[i] : null;
    // NUL does not occur in exported ids or group names, so it keeps (group, user) keys apart.
    out.set(group === null ? ids[i] : `${group}\u0000${ids[i]}`, {
      id: [ids[i], group],
      segment: segments[i],
    });
  }
  return out;
}
