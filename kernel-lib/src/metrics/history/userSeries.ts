/**
 * Per-user sorted values (days, period indexes or instants) in one flat typed array, grouped by user
 * code (compressed sparse rows): user u's values are `values[start[u] .. start[u + 1])`, ascending.
 * Built by a counting sort over codes, so it costs two passes, not a Map per row.
 */
export interface UserSeries {
  start: Int32Array;
  values: Float64Array;
}

/**
 * Groups `value(i)` of the rows where `keep(i)` by user code, sorts each user's values and, when
 * `distinct`, drops repeats.
 */
export function userSeries(
  codes: Int32Array,
  size: number,
  keep: (row: number) => boolean,
  value: (row: number) => number,
  distinct: boolean,
): UserSeries {
  const n = codes.length;
  const count = new Int32Array(size + 1);
  for (let i = 0; i < n; i++) {
    const u = codes[i];
    if (u >= 0 && keep(i)) count[u + 1]++;
  }
  for (let u = 0; u < size; u++) count[u + 1] += count[u];
  const fill = count.slice(0, size);
  const raw = new Float64Array(count[size]);
  for (let i = 0; i < n; i++) {
    const u = codes[i];
    if (u >= 0 && keep(i)) raw[fill[u]++] = value(i);
  }
  for (let u = 0; u < size; u++) {
    if (count[u + 1] - count[u] > 1) raw.subarray(count[u], count[u + 1]).sort();
  }
  if (!distinct) return { start: count, values: raw };
  const start = new Int32Array(size + 1);
  let w = 0;
  for (let u = 0; u < size; u++) {
    start[u] = w;
    for (let j = count[u]; j < count[u + 1]; j++) {
      if (j === count[u] || raw[j] !== raw[j - 1]) raw[w++] = raw[j];
    }
  }
  start[size] = w;
  return { start, values: raw.subarray(0, w) };
}

/** Whether user `u` has a value in [lo, hi) (binary search in the user's sorted values). */
export function hasValueIn(series: UserSeries, u: number, lo: number, hi: number): boolean {
  let a = series.start[u];
  let b = series.start[u + 1];
  const v = series.values;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (v[m] < lo) a = m + 1;
    else b = m;
  }
  return a < series.start[u + 1] && v[a] < hi;
}
