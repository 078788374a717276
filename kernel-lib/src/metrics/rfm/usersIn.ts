import { SpecError } from '../../errors.js';
import type { RfmResult } from './rfm.js';
import { RFM_SEGMENTS, type RfmSegment } from './segments.js';
import { RFM_MIGRATION_STATES, type RfmMigration, type RfmMigrationState } from './migration.js';

/**
 * The users behind a segment (某类客户名单), e.g. to export a target list for SMS or push.
 * @param result what {@link rfm} returned
 * @param segment a segment id such as 'importantWinBack'
 * @param group with `groupBy`, only this group's users (otherwise users of every group, each once)
 * @returns user ids in the order of `result.users`
 * @example rfmUsersIn(rfm(orders), 'importantWinBack')
 */
export function rfmUsersIn(result: RfmResult, segment: RfmSegment, group?: string): string[] {
  if (!RFM_SEGMENTS.includes(segment)) throw new SpecError('segment', segment, RFM_SEGMENTS);
  const groupBy = result.spec.groupBy;
  if (group !== undefined && groupBy === undefined)
    throw new SpecError('group', group, 'no group: the result has no groupBy');
  const ids = result.users.array('user_id') as ArrayLike<string>;
  const segments = result.users.array('segment') as ArrayLike<string>;
  const groups = groupBy ? (result.users.array(groupBy) as ArrayLike<string>) : undefined;
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    if (segments[i] !== segment) continue;
    if (group !== undefined && groups![i] !== group) continue;
    if (seen.has(ids[i])) continue;
    seen.add(ids[i]);
    out.push(ids[i]);
  }
  return out;
}

/**
 * The users who moved from one state to another (e.g. 重要价值客户 → 重要挽留客户, for a win-back list).
 * @param migration what {@link rfmMigration} returned
 * @param from state before
 * @param to state after
 * @returns user ids (each once, even when they moved in several groups)
 * @example rfmMigrationUsers(move, 'importantValue', 'importantWinBack')
 */
export function rfmMigrationUsers(
  migration: RfmMigration,
  from: RfmMigrationState,
  to: RfmMigrationState,
): string[] {
  for (const [option, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!RFM_MIGRATION_STATES.includes(v)) throw new SpecError(option, v, RFM_MIGRATION_STATES);
  }
  const t = migration.transitions;
  const ids = t.array('user_id') as ArrayLike<string>;
  const a = t.array('from') as ArrayLike<string>;
  const b = t.array('to') as ArrayLike<string>;
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i++) if (a[i] === from && b[i] === to) out.add(ids[i]);
  return [...out];
}
