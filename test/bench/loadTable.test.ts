import assert from 'node:assert/strict';
import { formatLoadRows } from '../../bench/loadTable.js';

describe('bench load table', () => {
  const rows = [
    { contender: 'kernel-lib', rows: 1000, seconds: 3, peakMB: 300 },
    { contender: 'duckdb-2', rows: 1000, seconds: 2, peakMB: 600 },
    { contender: 'arquero', rows: 1000, seconds: NaN, peakMB: NaN, error: 'did not finish in 900 s' },
    { contender: 'kernel-lib', rows: 10, seconds: 1, peakMB: 100 },
  ];

  it('divides each time by every named peer at the same size, and the peak by duckdb-2', () => {
    const lines = formatLoadRows(rows, ['duckdb-2', 'kernel-lib']).split('\n');
    assert.equal(
      lines[0],
      '| rows | contender | load s | peak MB | time / duckdb-2 | time / kernel-lib | peak / duckdb-2 |',
    );
    assert.equal(lines[2], '| 1,000 | kernel-lib | 3.00 | 300 | 1.50 | 1.00 | 0.50 |');
    assert.equal(lines[3], '| 1,000 | duckdb-2 | 2.00 | 600 | 1.00 | 0.67 | 1.00 |');
    // No duckdb-2 at 10 rows: no ratio rather than one against another size.
    assert.equal(lines[5], '| 10 | kernel-lib | 1.00 | 100 | – | 1.00 | – |');
  });

  it('marks a failure in its row and lists its reason below the table', () => {
    const text = formatLoadRows(rows, ['duckdb-2']);
    assert.match(text, /\| 1,000 \| arquero \| failed \| – \| – \| – \|/);
    assert.match(text, /\n\n- arquero at 1000: did not finish in 900 s$/);
  });
});
