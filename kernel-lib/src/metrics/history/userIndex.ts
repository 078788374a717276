import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { requireColumn } from '../../table/access.js';
import { DictionaryColumn } from '../../table/columns.js';
import { Dictionary } from '../../table/dictionary.js';

/**
 * Users numbered 0…n−1 in the order of the `users` table, and the way from any table's user_id column to
 * those numbers. Tables loaded with one shared dictionary map through an Int32Array, code by code, with
 * no string hashing (measured: recoding 44k ids into a fresh dictionary per table cost more than the
 * whole stage classification); other tables look each distinct id up once. Input dictionaries are only
 * read, never extended.
 */
export class UserIndex {
  private constructor(
    /** The id of each user. */
    readonly ids: string[],
    private readonly dictionary: Dictionary,
    /** dictionary code → user number (−1: not a user). */
    private readonly codeToUser: Int32Array,
  ) {}

  /**
   * Numbers the users of a users table; duplicate or missing ids are an InputError naming the row.
   * @param users a table with a user_id column
   * @returns the index
   * @example UserIndex.fromUsers(aq.from([{ user_id: 'a' }, { user_id: 'b' }])).indexOf('b') // 1
   */
  static fromUsers(users: ColumnTable): UserIndex {
    const col = requireColumn(users, 'user_id', 'users') as DictionaryColumn | { at(i: number): unknown };
    const n = users.numRows();
    let dictionary: Dictionary;
    let codes: Int32Array;
    if (col instanceof DictionaryColumn) {
      dictionary = col.dictionary;
      codes = col.codes;
    } else {
      dictionary = new Dictionary();
      codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = col.at(i);
        codes[i] = v === null || v === undefined || v === '' ? -1 : dictionary.encode(String(v));
      }
    }
    const codeToUser = new Int32Array(dictionary.size).fill(-1);
    const ids: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      if (c < 0)
        throw new InputError(
          'missing user id',
          { file: 'users', column: 'user_id', row: i + 1 },
          'a user id',
        );
      if (codeToUser[c] >= 0) {
        throw new InputError(
          'duplicate user id',
          { file: 'users', column: 'user_id', row: i + 1, value: dictionary.decode(c) },
          'one row per user',
        );
      }
      codeToUser[c] = i;
      ids[i] = dictionary.decode(c);
    }
    return new UserIndex(ids, dictionary, codeToUser);
  }

  /** Number of users. */
  get size(): number {
    return this.ids.length;
  }

  /** The number of the user with this id, or −1. */
  indexOf(id: string): number {
    const c = this.dictionary.lookup(id);
    return c < 0 || c >= this.codeToUser.length ? -1 : this.codeToUser[c];
  }

  /** The user number of every row of a table's user_id column (−1: missing or not a user). */
  rowsOf(table: ColumnTable, name = 'user_id'): Int32Array {
    const col = requireColumn(table, name) as DictionaryColumn | { at(i: number): unknown };
    const n = table.numRows();
    const out = new Int32Array(n);
    if (col instanceof DictionaryColumn) {
      const map = col.dictionary === this.dictionary ? this.codeToUser : this.mapDictionary(col.dictionary);
      for (let i = 0; i < n; i++) {
        const c = col.codes[i];
        out[i] = c < 0 || c >= map.length ? -1 : map[c];
      }
      return out;
    }
    for (let i = 0; i < n; i++) {
      const v = col.at(i);
      out[i] = v === null || v === undefined ? -1 : this.indexOf(String(v));
    }
    return out;
  }

  private mapDictionary(other: Dictionary): Int32Array {
    const map = new Int32Array(other.size);
    for (let c = 0; c < map.length; c++) map[c] = this.indexOf(other.values[c]);
    return map;
  }
}
