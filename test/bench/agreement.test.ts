import assert from 'node:assert/strict';
import { disagreement, formatAgreement } from '../../bench/agreement.js';
import { failedRow, type BenchRow } from '../../bench/harness.js';

const reference: BenchRow = {
  contender: 'kernel-lib',
  rows: 100,
  totalMs: 1,
  computeMs: 1,
  peakMb: 1,
  checksum: '3/1 Σ20',
  users: 4,
  money: 1234.5,
};

describe('bench agreement check', () => {
  it('accepts the same answer, money summed in another order included', () => {
    assert.equal(
      disagreement({ ...reference, contender: 'danfojs', money: 1234.5000000001 }, reference),
      null,
    );
  });

  it('names what differs: checksum, users, money to the cent, or the failure', () => {
    assert.equal(
      disagreement({ ...reference, checksum: '2/2 Σ20' }, reference),
      'checksum 2/2 Σ20 ≠ 3/1 Σ20',
    );
    assert.equal(disagreement({ ...reference, users: 5 }, reference), 'users 5 ≠ 4');
    assert.equal(disagreement({ ...reference, money: 1234.51 }, reference), 'money 1234.51 ≠ 1234.50');
    assert.equal(disagreement(failedRow('danfojs', 100, 'out of memory'), reference), 'out of memory');
  });

  it('tabulates each contender against kernel-lib', () => {
    const table = formatAgreement(
      [
        reference,
        { ...reference, contender: 'duckdb-2', users: undefined, money: undefined },
        { ...reference, contender: 'danfojs', users: 3 },
      ],
      'RFM',
    );
    assert.match(table, /\| kernel-lib \| 4 \| 1234\.50 \| 3\/1 Σ20 \| yes \|/);
    assert.match(table, /\| duckdb-2 \| — \| — \| 3\/1 Σ20 \| yes \|/);
    assert.match(table, /\| danfojs \| 3 \| 1234\.50 \| 3\/1 Σ20 \| NO: users 3 ≠ 4 \|/);
  });
});
