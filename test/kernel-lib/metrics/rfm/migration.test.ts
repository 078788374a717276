import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { SpecError } from '../../../../kernel-lib/src/errors.js';
import {
  rfm,
  rfmMigration,
  rfmMigrationUsers,
  RFM_MIGRATION_STATES,
} from '../../../../kernel-lib/src/metrics/rfm/index.js';
import { fiveUsers } from './fixture.js';

describe('rfmMigration', () => {
  const mean = { scoring: { method: 'mean' as const } };
  // 2020-01-06: u1 (R 1, F 3, M 180), u3 (R 3, F 2, M 20), u5 (R 36, F 1, M 400); means 13.3, 2, 200
  const before = rfm(fiveUsers(), { ...mean, asOf: '2020-01-06' });
  const after = rfm(fiveUsers(), mean);
  const move = rfmMigration(before, after);
  const at = (from: string, to: string) =>
    move.matrix[RFM_MIGRATION_STATES.indexOf(from as never)][RFM_MIGRATION_STATES.indexOf(to as never)];

  it('counts users per (before, after) segment, with none for users not scored', () => {
    assert.equal(move.before, '2020-01-06');
    assert.equal(move.after, '2020-01-11');
    assert.equal(at('generalValue', 'importantValue'), 1);
    assert.equal(at('generalDevelopment', 'generalValue'), 1);
    assert.equal(at('importantWinBack', 'importantWinBack'), 1);
    assert.equal(at('none', 'importantDevelopment'), 1);
    assert.equal(at('none', 'generalDevelopment'), 1);
    assert.equal(
      move.matrix.flat().reduce((a, b) => a + b, 0),
      5,
    );
    assert.deepEqual(move.states, RFM_MIGRATION_STATES);
  });
  it('lists the users behind a cell', () => {
    assert.deepEqual(rfmMigrationUsers(move, 'generalValue', 'importantValue'), ['u1']);
    assert.deepEqual(rfmMigrationUsers(move, 'none', 'importantDevelopment'), ['u2']);
    assert.deepEqual(rfmMigrationUsers(move, 'importantValue', 'none'), []);
    assert.throws(() => rfmMigrationUsers(move, 'vip' as never, 'none'), SpecError);
  });
  it('a user who drops out of a rolling window moves to none', () => {
    const orders = aq.from([
      { user_id: 'a', ts: '2020-01-01', amount: 10 },
      { user_id: 'b', ts: '2020-03-01', amount: 10 },
    ]);
    const m = rfmMigration(
      rfm(orders, { asOf: '2020-01-10', window: 30 }),
      rfm(orders, { asOf: '2020-03-10', window: 30 }),
    );
    assert.deepEqual(m.transitions.objects(), [
      { user_id: 'a', from: 'generalWinBack', to: 'none' },
      { user_id: 'b', from: 'none', to: 'generalWinBack' },
    ]);
  });
  it('matches (group, user) pairs and requires the same groupBy', () => {
    const orders = aq.from([
      { user_id: 'a', ts: '2020-01-01', amount: 10, product_line: 'P' },
      { user_id: 'a', ts: '2020-01-05', amount: 10, product_line: 'Q' },
    ]);
    const g = { groupBy: 'product_line', scoring: { method: 'mean' as const } };
    const m = rfmMigration(rfm(orders, { ...g, asOf: '2020-01-03' }), rfm(orders, g));
    assert.deepEqual(
      m.transitions.objects().map((r: any) => `${r.product_line}/${r.user_id}:${r.from}>${r.to}`),
      ['P/a:generalWinBack>generalWinBack', 'Q/a:none>generalWinBack'],
    );
    assert.throws(() => rfmMigration(rfm(orders), rfm(orders, g)), /invalid groupBy: "product_line"/);
  });
});
