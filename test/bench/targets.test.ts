import assert from 'node:assert/strict';
import { failedRow, type BenchRow } from '../../bench/harness.js';
import type { LoadMeasurement } from '../../bench/load.js';
import { checkTargets, formatTargets } from '../../bench/targets.js';

const ROWS = 1000;

function row(contender: string, totalMs: number, computeMs: number, peakMb: number): BenchRow {
  return { contender, rows: ROWS, totalMs, computeMs, peakMb, checksum: 'x' };
}

function loaded(contender: LoadMeasurement['contender'], seconds: number, peakMB: number): LoadMeasurement {
  return { contender, rows: ROWS, seconds, peakMB };
}

describe('bench targets (issue 2)', () => {
  const load = [loaded('kernel-lib', 2, 300), loaded('duckdb-2', 4, 1000), loaded('kernel-lib', 9, 9)].map(
    (m, i) => (i === 2 ? { ...m, rows: 10 * ROWS } : m),
  );
  const rfm = [
    row('kernel-lib', 600, 100, 400),
    row('duckdb-2', 1000, 500, 1000),
    row('arquero', 9000, 1500, 900),
  ];
  const cohort = [
    row('kernel-lib', 800, 40, 600),
    row('duckdb-2', 900, 100, 1000),
    row('arquero', 5000, 2000, 900),
  ];

  it('judges each ratio against its limit, on the measurements of its own size', () => {
    const checks = checkTargets({ rows: ROWS, load, rfm, cohort });
    assert.deepEqual(
      checks.map((c) => [c.measured, c.met]),
      [
        [0.6, true], // RFM 600 / 1000 ms ≤ 0.7
        [0.4, false], // cohort compute 40 / 100 ms > 0.3
        [0.5, true], // load 2 / 4 s (the 10x-row kernel-lib load is another size)
        [0.3, true], // load memory 300 / 1000 MB
        [0.4, true], // RFM memory
        [0.6, false], // cohort memory 600 / 1000 MB > 0.5
        [15, true], // arquero RFM compute 1500 / 100 ms
        [50, true], // arquero cohort compute 2000 / 40 ms
      ],
    );
    assert.ok(checks.every((c) => c.rows === ROWS));
  });

  it('says "not measured" when a side of a ratio failed, and NO when a target is missed', () => {
    const failed = [failedRow('kernel-lib', ROWS, 'did not finish in 300 s'), ...rfm.slice(1)];
    const checks = checkTargets({ rows: ROWS, load, rfm: failed, cohort });
    assert.equal(checks[0].met, null);
    assert.equal(checks[0].measured, null);
    const table = formatTargets(checks);
    assert.match(table, /\| 1,000 \| RFM time, load included ≤ 0\.7× duckdb-2 \| — \| not measured \|/);
    assert.match(table, /\| 0\.40 \| NO \|/);
  });
});
