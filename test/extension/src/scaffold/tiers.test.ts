import assert from 'node:assert/strict';
import {
  formatCouponTable,
  parseCouponTable,
  parseTierCuts,
  tierLabels,
} from '../../../../extension/src/scaffold/tiers.js';
import { freeNotebookPath, relativeDataPath } from '../../../../extension/src/scaffold/notebookFiles.js';

describe('tiers and coupon table (scaffold input boxes)', () => {
  it('parses ascending lower bounds and refuses others, naming the value', () => {
    assert.deepEqual(parseTierCuts('0, 5000 20000'), { cuts: [0, 5000, 20000] });
    assert.deepEqual(parseTierCuts('0, 5000, 5000'), { error: 'bounds must ascend: 5000 then 5000' });
    assert.deepEqual(parseTierCuts('0, 5k'), { error: '"5k" is not a number' });
  });
  it('labels tiers from their bounds', () => {
    assert.deepEqual(tierLabels([0, 5000, 20000]), ['0–4,999', '5,000–19,999', '20,000+']);
  });
  it('round-trips a coupon table through its typed form', () => {
    const labels = ['0–4,999', '5,000+'];
    const rows = [
      { tier: '0–4,999', threshold: 2000, reward: 10 },
      { tier: '0–4,999', threshold: 5000, reward: 25 },
      { tier: '5,000+', threshold: 10000, reward: 50 },
    ];
    const text = formatCouponTable(labels, rows);
    assert.equal(text, '2000:10 5000:25 | 10000:50');
    assert.deepEqual(parseCouponTable(text, labels), { rows });
    assert.deepEqual(parseCouponTable('2000:10', labels), {
      error: 'expected 2 tiers separated by "|", got 1',
    });
    assert.match((parseCouponTable('2000-10 | 1:1', labels) as { error: string }).error, /"2000-10"/);
  });
});

describe('notebook files', () => {
  it('never overwrites: picks name-2, name-3, … after existing files', async () => {
    const taken = new Set(['/ws/rfm.ipynb', '/ws/rfm-2.ipynb']);
    assert.equal(await freeNotebookPath('/ws', 'rfm', async (p) => taken.has(p)), '/ws/rfm-3.ipynb');
    assert.equal(await freeNotebookPath('/ws', 'churn', async (p) => taken.has(p)), '/ws/churn.ipynb');
  });
  it('writes data paths relative to the notebook', () => {
    assert.equal(relativeDataPath('/ws', '/ws/orders.csv'), './orders.csv');
    assert.equal(relativeDataPath('/ws/notebooks', '/ws/data/orders.csv'), '../data/orders.csv');
  });
});
