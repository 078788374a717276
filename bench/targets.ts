/**
 * The performance targets of issue 2, judged on one run's measurements: kernel-lib's RFM at most 0.7× and its
 * cohort matrix at most 0.3× DuckDB's time with 2 threads, its CSV load no slower than DuckDB's reader, its
 * peak memory at most half of DuckDB's, and at least 10× faster than idiomatic arquero. The issue sets them
 * on 10M rows; smaller sizes are judged the same way for reference.
 */
import type { BenchRow } from './harness.js';
import type { LoadMeasurement } from './load.js';

/** One target on one data size. */
export interface TargetCheck {
  rows: number;
  target: string;
  /** The measured ratio, e.g. `0.52` (kernel-lib / DuckDB) or `14.1` (arquero ÷ kernel-lib). */
  measured: number | null;
  /** Whether it is met; null when a side of the ratio is missing (a contender failed). */
  met: boolean | null;
}

/** The measurements of one data size. */
export interface SizeMeasurements {
  rows: number;
  load: readonly LoadMeasurement[];
  rfm: readonly BenchRow[];
  cohort: readonly BenchRow[];
}

function ratioOf(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}

function judged(
  rows: number,
  target: string,
  measured: number | null,
  ok: (r: number) => boolean,
): TargetCheck {
  return { rows, target, measured, met: measured === null ? null : ok(measured) };
}

/**
 * Judges every target on the measurements of one size.
 * @example const checks = checkTargets({ rows: 1e7, load, rfm, cohort });
 */
export function checkTargets(m: SizeMeasurements): TargetCheck[] {
  const row = (rows: readonly BenchRow[], contender: string) => rows.find((r) => r.contender === contender);
  const load = (contender: string) => m.load.find((r) => r.rows === m.rows && r.contender === contender);
  const [mineRfm, duckRfm, arqRfm] = ['kernel-lib', 'duckdb-2', 'arquero'].map((c) => row(m.rfm, c));
  const [mineCohort, duckCohort, arqCohort] = ['kernel-lib', 'duckdb-2', 'arquero'].map((c) =>
    row(m.cohort, c),
  );
  const [mineLoad, duckLoad] = [load('kernel-lib'), load('duckdb-2')];
  const atMost = (limit: number) => (r: number) => r <= limit;
  const atLeast = (limit: number) => (r: number) => r >= limit;
  return [
    judged(
      m.rows,
      'RFM time, load included ≤ 0.7× duckdb-2',
      ratioOf(mineRfm?.totalMs, duckRfm?.totalMs),
      atMost(0.7),
    ),
    judged(
      m.rows,
      'cohort matrix time ≤ 0.3× duckdb-2 (table in memory; loading is its own target)',
      ratioOf(mineCohort?.computeMs, duckCohort?.computeMs),
      atMost(0.3),
    ),
    judged(m.rows, 'CSV load time ≤ 1.0× duckdb-2', ratioOf(mineLoad?.seconds, duckLoad?.seconds), atMost(1)),
    judged(
      m.rows,
      'load peak memory ≤ 0.5× duckdb-2',
      ratioOf(mineLoad?.peakMB, duckLoad?.peakMB),
      atMost(0.5),
    ),
    judged(m.rows, 'RFM peak memory ≤ 0.5× duckdb-2', ratioOf(mineRfm?.peakMb, duckRfm?.peakMb), atMost(0.5)),
    judged(
      m.rows,
      'cohort peak memory ≤ 0.5× duckdb-2',
      ratioOf(mineCohort?.peakMb, duckCohort?.peakMb),
      atMost(0.5),
    ),
    judged(
      m.rows,
      'RFM ≥ 10× faster than idiomatic arquero (compute)',
      ratioOf(arqRfm?.computeMs, mineRfm?.computeMs),
      atLeast(10),
    ),
    judged(
      m.rows,
      'cohort matrix ≥ 10× faster than idiomatic arquero (compute)',
      ratioOf(arqCohort?.computeMs, mineCohort?.computeMs),
      atLeast(10),
    ),
  ];
}

/**
 * A markdown table of the judged targets.
 * @example console.log(formatTargets(checkTargets(measurements)));
 */
export function formatTargets(checks: readonly TargetCheck[]): string {
  const lines = ['| rows | target | measured | met |', '| ---: | --- | ---: | --- |'];
  for (const c of checks) {
    const verdict = c.met === null ? 'not measured' : c.met ? 'yes' : 'NO';
    lines.push(
      `| ${c.rows.toLocaleString('en')} | ${c.target} | ${c.measured === null ? '—' : c.measured.toFixed(2)} | ${verdict} |`,
    );
  }
  return lines.join('\n');
}
