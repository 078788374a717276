import type { ColumnTable } from 'arquero';
import { codesOf } from '../../table/access.js';

/**
 * Dense user codes shared by two tables (events and users) without touching either table's
 * dictionary: ids of `users` unknown to `events` get extra codes after the events' own.
 */
export interface UserCodes {
  /** Code of each events row (-1 = missing user id). */
  events: Int32Array;
  /** Code of each users row, in the same code space (-1 = missing), when a users table was given. */
  users?: Int32Array;
  /** Number of distinct codes: arrays indexed by user have this length. */
  size: number;
  /** The user id behind a code. */
  idOf(code: number): string;
}

/**
 * Encodes `user_id` of `events` (and of `users`, if given) into one code space. Uses the events'
 * dictionary codes as they are (no copy) when the column is already dictionary-encoded.
 */
export function sharedUserCodes(events: ColumnTable, users?: ColumnTable, column = 'user_id'): UserCodes {
  const ev = codesOf(events, column);
  const dict = ev.dictionary;
  const base = dict.size;
  if (!users) return { events: ev.codes, size: base, idOf: (c) => dict.decode(c) };
  const us = codesOf(users, column);
  if (us.dictionary === dict)
    return { events: ev.codes, users: us.codes, size: base, idOf: (c) => dict.decode(c) };
  // Map the users' dictionary onto the events' codes; ids only in `users` get codes base, base+1, …
  const extra: string[] = [];
  const map = new Int32Array(us.dictionary.size);
  for (let c = 0; c < map.length; c++) {
    const id = us.dictionary.decode(c);
    const known = dict.lookup(id);
    map[c] = known >= 0 ? known : base + extra.push(id) - 1;
  }
  const codes = new Int32Array(us.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = us.codes[i] < 0 ? -1 : map[us.codes[i]];
  return {
    events: ev.codes,
    users: codes,
    size: base + extra.length,
    idOf: (c) => (c < base ? dict.decode(c) : extra[c - base]),
  };
}
