import { SpecError } from '../../errors.js';
import type { RfmResult } from './rfm.js';
import { RFM_SEGMENTS, type RfmSegment } from './segments.js';

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
