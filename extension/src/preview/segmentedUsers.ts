import { RFM_SEGMENTS, segmentLabel, type RfmResult, type RfmSegment } from '@fupan/kernel-lib';
import { toCsv } from '@fupan/kernel-lib/render';
import { USER_COLUMNS, type UserColumn, type UserRow, type UserSort } from '../shared/previewMessages.js';

/**
 * The per-user result of one RFM run, kept in the extension host as columns, served to the preview webview in
 * windows of rows (a million users never cross the message channel at once). Segment filters and sort orders
 * are index arrays, built on first use and cached.
 */
export class SegmentedUsers {
  private readonly ids: string[];
  private readonly values: Record<Exclude<UserColumn, 'user_id' | 'segment'>, ArrayLike<number>>;
  private readonly segmentOf: Uint8Array;
  private readonly views = new Map<string, Uint32Array>();

  /** @param result what `rfm()` returned */
  constructor(result: RfmResult) {
    const users = result.users;
    this.ids = users.array('user_id') as string[];
    this.values = {
      recency: users.array('recency') as ArrayLike<number>,
      frequency: users.array('frequency') as ArrayLike<number>,
      monetary: users.array('monetary') as ArrayLike<number>,
      r: users.array('r') as ArrayLike<number>,
      f: users.array('f') as ArrayLike<number>,
      m: users.array('m') as ArrayLike<number>,
    };
    const segmentIds = users.array('segment') as string[];
    const code = new Map<string, number>(RFM_SEGMENTS.map((s, i) => [s, i]));
    this.segmentOf = Uint8Array.from(segmentIds, (s) => code.get(s) ?? 255);
  }

  /** Number of scored users. */
  get size(): number {
    return this.ids.length;
  }

  /**
   * Rows `start` to `end` (exclusive) of one segment's users (or everyone), in the given order.
   * @param segment a segment id such as `importantValue`, or null for all users
   * @param sort a column and direction, or null for the order of `rfm()`
   */
  rows(segment: string | null, sort: UserSort | null, start: number, end: number): UserRow[] {
    const order = this.order(segment, sort);
    const out: UserRow[] = [];
    const last = Math.min(end, order.length);
    for (let i = Math.max(0, start); i < last; i++) out.push(this.row(order[i]));
    return out;
  }

  /**
   * The users of one segment (or all) as CSV: user id, R/F/M values and scores, segment id and Chinese name
   * (客户分群, from present/rfmLabels.ts).
   * @param segment a segment id, or null for everyone
   */
  csv(segment: string | null): string {
    const order = this.order(segment, null);
    const rows = Array.from(order, (i) => {
      const row: (string | number)[] = this.row(i);
      row.push(segmentLabel(row[7] as RfmSegment, 'zh'));
      return row;
    });
    return toCsv([...USER_COLUMNS, 'segment_zh'], rows);
  }

  /** Number of users of a segment (or all). */
  count(segment: string | null): number {
    return this.order(segment, null).length;
  }

  private row(i: number): UserRow {
    const v = this.values;
    return [
      this.ids[i],
      v.recency[i],
      v.frequency[i],
      v.monetary[i],
      v.r[i],
      v.f[i],
      v.m[i],
      RFM_SEGMENTS[this.segmentOf[i]] ?? '',
    ];
  }

  private order(segment: string | null, sort: UserSort | null): Uint32Array {
    const key = `${segment ?? '*'}|${sort ? `${sort.column}:${sort.descending ? 'd' : 'a'}` : ''}`;
    const cached = this.views.get(key);
    if (cached) return cached;
    let order: Uint32Array;
    if (sort) {
      order = this.order(segment, null).slice();
      const sign = sort.descending ? -1 : 1;
      if (sort.column === 'user_id' || sort.column === 'segment') {
        const text =
          sort.column === 'user_id' ? this.ids : Array.from(this.segmentOf, (s) => RFM_SEGMENTS[s]);
        order.sort((a, b) => sign * (text[a] < text[b] ? -1 : text[a] > text[b] ? 1 : 0) || a - b);
      } else {
        const values = this.values[sort.column];
        order.sort((a, b) => sign * (values[a] - values[b]) || a - b);
      }
    } else if (segment === null) {
      order = new Uint32Array(this.size);
      for (let i = 0; i < order.length; i++) order[i] = i;
    } else {
      const code = RFM_SEGMENTS.indexOf(segment as (typeof RFM_SEGMENTS)[number]);
      let n = 0;
      for (let i = 0; i < this.segmentOf.length; i++) if (this.segmentOf[i] === code) n++;
      order = new Uint32Array(n);
      for (let i = 0, k = 0; i < this.segmentOf.length; i++) if (this.segmentOf[i] === code) order[k++] = i;
    }
    this.views.set(key, order);
    return order;
  }
}
