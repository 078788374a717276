import { periodLookup, type Period } from '../../time/periods.js';
import { NO_DAY } from '../../time/days.js';

/** The starts of a retention analysis: one per user (first) or per user and cohort period (recurring). */
export interface Starts {
  /** User code of each start. */
  user: Int32Array;
  /** Source row that anchors the start (its instant and its breakdown value). */
  row: Int32Array;
  length: number;
}

/** Input rows a start may come from: user codes, instants, local days and an optional filter mask. */
export interface StartSource {
  codes: Int32Array;
  ms: Float64Array;
  days: Int32Array;
  mask?: Uint8Array;
}

function eligible(src: StartSource, i: number, asOfDay: number): boolean {
  return (
    src.codes[i] >= 0 && src.days[i] !== NO_DAY && src.days[i] <= asOfDay && (!src.mask || src.mask[i] === 1)
  );
}

/**
 * Each user's earliest eligible row (ties: the first row), in user-code order.
 * Starts after the as-of day are not starts yet.
 */
export function firstStarts(src: StartSource, size: number, asOfDay: number): Starts {
  const best = new Int32Array(size).fill(-1);
  for (let i = 0; i < src.codes.length; i++) {
    if (!eligible(src, i, asOfDay)) continue;
    const u = src.codes[i];
    const b = best[u];
    if (b < 0 || src.ms[i] < src.ms[b]) best[u] = i;
  }
  let n = 0;
  for (let u = 0; u < size; u++) if (best[u] >= 0) n++;
  const user = new Int32Array(n);
  const row = new Int32Array(n);
  for (let u = 0, k = 0; u < size; u++) {
    if (best[u] >= 0) {
      user[k] = u;
      row[k++] = best[u];
    }
  }
  return { user, row, length: n };
}

/**
 * Recurring starts: for each user and each `cohortPeriod` in which they did the start event, the
 * earliest such row — every period of activity starts a new clock (as Amplitude and PostHog do).
 * Rows are grouped by user with a counting sort, then each user's few rows are sorted by time.
 */
export function recurringStarts(
  src: StartSource,
  size: number,
  asOfDay: number,
  cohortPeriod: Period,
  firstDay: number,
): Starts {
  const { codes, ms, days } = src;
  const offsets = new Int32Array(size + 1);
  for (let i = 0; i < codes.length; i++) if (eligible(src, i, asOfDay)) offsets[codes[i] + 1]++;
  for (let u = 0; u < size; u++) offsets[u + 1] += offsets[u];
  const fill = offsets.slice(0, size);
  const order = new Int32Array(offsets[size]);
  for (let i = 0; i < codes.length; i++) if (eligible(src, i, asOfDay)) order[fill[codes[i]]++] = i;
  const byTime = (a: number, b: number) => ms[a] - ms[b] || a - b;
  const lookup = periodLookup(firstDay, asOfDay, cohortPeriod);
  const user: number[] = [];
  const row: number[] = [];
  for (let u = 0; u < size; u++) {
    const rows = order.subarray(offsets[u], offsets[u + 1]);
    if (rows.length > 1) rows.sort(byTime);
    let lastPeriod = NaN;
    for (const i of rows) {
      const p = lookup[days[i] - firstDay];
      if (p !== lastPeriod) {
        user.push(u);
        row.push(i);
        lastPeriod = p;
      }
    }
  }
  return { user: Int32Array.from(user), row: Int32Array.from(row), length: user.length };
}
