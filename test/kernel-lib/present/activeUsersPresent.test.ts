import assert from 'node:assert/strict';
import { activeUsers } from '../../../kernel-lib/src/metrics/activeUsers/activeUsers.js';
import { activeUsersChart } from '../../../kernel-lib/src/present/activeUsersFigures.js';
import { activeUsersTable } from '../../../kernel-lib/src/present/activeUsersTables.js';
import { threeUsersEvents as events } from '../../support/threeUsersEvents.js';

describe('active users presentation', () => {
  it('stacks new under existing users', () => {
    const fig = activeUsersChart(activeUsers(events));
    assert.equal(fig.layout.barmode, 'stack');
    assert.deepEqual(
      fig.data.map((d) => [d.name, d.y]),
      [
        ['new · 新用户', [2, 1, 0]],
        ['existing · 老用户', [0, 1, 1]],
      ],
    );
    const t = activeUsersTable(activeUsers(events));
    assert.deepEqual(t.rows[1], ['2024-01-02', 2, 1, 1, 0.5]);
    assert.equal(t.title, 'DAU');
    assert.equal(t.titleZh, '日活');
  });
});
