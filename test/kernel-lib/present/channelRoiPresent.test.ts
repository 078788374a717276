import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { channelRoi } from '../../../kernel-lib/src/metrics/channelRoi/channelRoi.js';
import { channelRoiTable } from '../../../kernel-lib/src/present/channelRoiTables.js';

describe('channel ROI presentation', () => {
  it('channelRoiTable marks sustainable channels', () => {
    const r = channelRoi({
      users: aq.from([{ user_id: 'a', channel: 'x' }]),
      orders: aq.from([{ user_id: 'a', ts: '2024-01-05', amount: 300 }]),
      costs: aq.from([{ channel: 'x', period: '2024-01', cost: 200 }]),
    });
    const t = channelRoiTable(r);
    assert.deepEqual(t.rows, [['x', 200, 300, 1.5, true]]);
    assert.equal(t.columns.find((c) => c.name === 'sustainable')!.labelZh, '可持续');
  });
});
