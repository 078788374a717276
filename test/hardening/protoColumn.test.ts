import assert from 'node:assert/strict';
import { load } from '../../kernel-lib/src/io/load.js';
import { retention } from '../../kernel-lib/src/metrics/retention/retention.js';

/** Issue 21 item 11: a column named `__proto__` stays a column with its values, through load and a breakdown. */
describe('hardening: a column named __proto__', () => {
  it('loads as a column and keeps its group labels in a retention breakdown', async () => {
    const events = await load(
      'user_id,ts,__proto__\nu1,2016-10-01,web\nu2,2016-10-02,app\nu1,2016-10-09,web\n',
      { table: 'events' },
    );
    assert.deepEqual(events.array('__proto__'), ['web', 'app', 'web']);
    const r = retention(events, { asOf: '2016-10-20', breakdown: '__proto__', days: [7] });
    assert.ok(r.cells.columnNames().includes('__proto__'));
    assert.deepEqual([...new Set(r.cells.array('__proto__'))].sort(), ['app', 'web']);
    assert.deepEqual([...new Set(r.total.array('__proto__'))].sort(), ['app', 'web']);
  });
});
