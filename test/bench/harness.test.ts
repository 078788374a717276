import assert from 'node:assert/strict';
import { failedRow, formatBench, withoutRepeatedFailures, type BenchRow } from '../../bench/harness.js';

function row(contender: string, totalMs: number, computeMs: number | null): BenchRow {
  return { contender, rows: 1_000_000, totalMs, computeMs, peakMb: 100, checksum: 'c' };
}

describe('bench harness', () => {
  it('formats ratios against duckdb-2 and arquero, and a failure with its reason', () => {
    const table = formatBench(
      [
        row('kernel-lib', 500, 100),
        row('duckdb-2', 1000, 200),
        row('arquero', 4000, 2000),
        failedRow('danfojs', 1_000_000, 'did not finish in 300 s'),
      ],
      'RFM',
    );
    assert.match(table, /^RFM on 1,000,000 transactions/);
    assert.match(
      table,
      /\| kernel-lib \| 0\.50 s \| 0\.10 s \| 100 \| 0\.50 \| 0\.50 \| 1\.00 \| 20\.00× \| c \|/,
    );
    assert.match(table, /\| danfojs \| failed \| — \| — \| — \| — \| — \| — \| did not finish in 300 s \|/);
  });

  it('does not run again on more rows a contender that failed on fewer, and says so', async () => {
    const failures = new Map<string, string>();
    const asked: string[][] = [];
    const bench = async (rows: number, failing: string[]) => {
      const out = await withoutRepeatedFailures(rows, failures, async (contenders) => {
        asked.push([...contenders]);
        return contenders.map((c) =>
          failing.includes(c) ? failedRow(c, rows, 'did not finish in 1 s') : row(c, 1, 1),
        );
      });
      return out;
    };
    await bench(1000, ['danfojs']);
    const second = await bench(10_000, []);
    assert.ok(asked[0].includes('danfojs'));
    assert.ok(!asked[1].includes('danfojs') && asked[1].includes('kernel-lib'));
    const danfojs = second.find((r) => r.contender === 'danfojs')!;
    assert.equal(danfojs.rows, 10_000);
    assert.equal(danfojs.error, 'not run: did not finish in 1 s on fewer rows');
    assert.equal(second.length, asked[0].length);
  });
});
