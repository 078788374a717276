import assert from 'node:assert/strict';
import { repurchase } from '../../../kernel-lib/src/metrics/repurchase/repurchase.js';
import { repurchaseSummaryTable, repurchaseTable } from '../../../kernel-lib/src/present/repurchaseTables.js';
import { threeUsersEvents as events } from '../../support/threeUsersEvents.js';

describe('repurchase presentation', () => {
  it('tabulates first-order and repurchase rates, and the business mode', () => {
    const r = repurchase(events, { windowDays: 1 });
    const t = repurchaseTable(r);
    assert.deepEqual(
      t.columns.filter((c) => c.format === 'percent').map((c) => c.labelZh),
      ['首单率', '复购率'],
    );
    const s = repurchaseSummaryTable(r);
    const mode = s.columns.findIndex((c) => c.name === 'mode');
    // a, b and c are observed for a day; a and c bought again within it: 2/3 → loyalty.
    assert.equal(s.rows[0][mode], 'loyalty · 忠诚者模式');
  });
});
