import assert from 'node:assert/strict';
import {
  lifecycleSnapshots,
  stageTransitions,
} from '../../../../kernel-lib/src/metrics/lifecycle/transitions.js';
import { lifecycle } from '../../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { AS_OF, data } from './fixture.js';

describe('lifecycleSnapshots and stageTransitions', () => {
  const snaps = lifecycleSnapshots(data, { asOf: AS_OF }, { from: '2016-12-15' });

  it('takes a snapshot at every month end, the last at asOf', () => {
    assert.deepEqual(snaps.dates, ['2016-12-31', '2017-01-31', '2017-02-28', '2017-03-01']);
    assert.equal(snaps.counts.numRows(), 4 * 5);
  });

  it('agrees with lifecycle() at each date', () => {
    snaps.dates.forEach((asOf) => {
      const counts = snaps.counts.filter(`d => d.as_of === '${asOf}'`).array('users');
      assert.deepEqual([...counts], [...lifecycle(data, { asOf }).counts.array('users')], asOf);
    });
  });

  it('moves hand-worked users between stages from January to February', () => {
    const t = snaps.transition(1, 2);
    assert.deepEqual(t.usersIn('churn', 'dormancy'), ['u5', 'u6']); // came back, but with signals
    assert.deepEqual(t.usersIn('churn', 'growth'), ['u2']);
    assert.deepEqual(t.usersIn('growth', 'churn'), ['u7']);
    assert.deepEqual(t.usersIn('introduction', 'dormancy'), ['u4']);
    assert.deepEqual(t.usersIn('maturity', 'maturity'), ['u3']);
    assert.deepEqual(t.usersIn('notRegistered', 'introduction'), ['u1', 'u9']);
    const direct = stageTransitions(data, { asOf: AS_OF }, { from: '2017-01-31', to: '2017-02-28' });
    assert.deepEqual(direct.matrix, t.matrix);
  });

  it('has rows summing to the earlier counts and columns to the later ones', () => {
    for (let k = 0; k + 1 < snaps.dates.length; k++) {
      const t = snaps.transition(k, k + 1);
      const before = snaps.counts.filter(`d => d.as_of === '${snaps.dates[k]}'`).array('users');
      const after = snaps.counts.filter(`d => d.as_of === '${snaps.dates[k + 1]}'`).array('users');
      t.matrix.slice(0, 5).forEach((row, i) =>
        assert.equal(
          row.reduce((a, b) => a + b, 0),
          before[i],
        ),
      );
      for (let j = 0; j < 5; j++)
        assert.equal(
          t.matrix.reduce((a, row) => a + row[j], 0),
          after[j],
        );
    }
  });

  it('rejects dates in the wrong order', () => {
    assert.throws(() => snaps.transition(2, 1), /invalid transition/);
    assert.throws(
      () => stageTransitions(data, { asOf: AS_OF }, { from: '2017-03-01', to: '2017-02-01' }),
      /invalid from/,
    );
  });
});
