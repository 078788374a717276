/** One load measurement, as the CSV and Parquet load benchmarks record it. */
export interface LoadRow {
  contender: string;
  rows: number;
  /** Seconds (NaN when it failed). */
  seconds: number;
  /** Peak resident memory, MB (NaN when unknown). */
  peakMB: number;
  error?: string;
}

/**
 * A markdown table of load measurements: time and peak memory, each time divided by the time of every
 * contender in `timeAgainst` at the same size, and the peak divided by DuckDB's (2 threads); failures
 * listed with their reasons below.
 * @example formatLoadRows(measurements, ['duckdb-2', 'kernel-lib'])
 */
export function formatLoadRows(measurements: readonly LoadRow[], timeAgainst: readonly string[]): string {
  const lines = [
    `| rows | contender | load s | peak MB | ${timeAgainst.map((c) => `time / ${c} | `).join('')}peak / duckdb-2 |`,
    `| ---: | --- | ---: | ---: | ${timeAgainst.map(() => '---: | ').join('')}---: |`,
  ];
  const ratio = (a: number, b: number | undefined) =>
    b === undefined || !Number.isFinite(a / b) ? '–' : (a / b).toFixed(2);
  for (const m of measurements) {
    const peer = (c: string) => measurements.find((x) => x.rows === m.rows && x.contender === c);
    const times = timeAgainst.map((c) => `${ratio(m.seconds, peer(c)?.seconds)} | `).join('');
    lines.push(
      `| ${m.rows.toLocaleString('en')} | ${m.contender} | ${m.error ? 'failed' : m.seconds.toFixed(2)} | ${
        Number.isFinite(m.peakMB) ? m.peakMB.toFixed(0) : '–'
      } | ${times}${ratio(m.peakMB, peer('duckdb-2')?.peakMB)} |`,
    );
  }
  const failures = measurements
    .filter((m) => m.error)
    .map((m) => `- ${m.contender} at ${m.rows}: ${m.error}`);
  return [...lines, ...(failures.length ? ['', ...failures] : [])].join('\n');
}
