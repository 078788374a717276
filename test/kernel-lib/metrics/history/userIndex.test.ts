import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { UserIndex } from '../../../../kernel-lib/src/metrics/history/userIndex.js';
import { lifecycle } from '../../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { Dictionary } from '../../../../kernel-lib/src/table/dictionary.js';
import { DictionaryColumn } from '../../../../kernel-lib/src/table/columns.js';
import { AS_OF, data } from '../lifecycle/fixture.js';

/** The same table with user_id as a DictionaryColumn in `dictionary`. */
function coded(table: aq.ColumnTable, dictionary: Dictionary): aq.ColumnTable {
  const ids = table.array('user_id') as string[];
  const codes = Int32Array.from(ids, (id) => dictionary.encode(id));
  return table.assign({ user_id: new DictionaryColumn(codes, dictionary) as any });
}

describe('UserIndex', () => {
  it('numbers users in table order and maps plain, shared and foreign dictionaries alike', () => {
    const shared = new Dictionary();
    shared.encode('stranger'); // codes need not start at the users
    const users = coded(aq.from([{ user_id: 'b' }, { user_id: 'a' }]), shared);
    const index = UserIndex.fromUsers(users);
    assert.deepEqual(index.ids, ['b', 'a']);
    const rows = aq.from([{ user_id: 'a' }, { user_id: 'x' }, { user_id: 'b' }, { user_id: null }]);
    assert.deepEqual([...index.rowsOf(rows)], [1, -1, 0, -1]);
    assert.deepEqual([...index.rowsOf(coded(rows.slice(0, 3), shared))], [1, -1, 0]);
    assert.deepEqual([...index.rowsOf(coded(rows.slice(0, 3), new Dictionary()))], [1, -1, 0]);
    assert.deepEqual([...index.rowsOf(aq.from([{ user_id: 'y' }]))], [-1]);
    assert.equal(shared.lookup('y'), -1); // looking ids up never extends the caller's dictionary
  });

  it('gives the same stages for loaded (dictionary-coded) and hand-built tables', () => {
    const shared = new Dictionary();
    const loaded = Object.fromEntries(
      Object.entries(data).map(([k, t]) => [
        k,
        coded(t as aq.ColumnTable, k === 'payouts' ? new Dictionary() : shared),
      ]),
    ) as unknown as typeof data;
    assert.deepEqual(
      lifecycle(loaded, { asOf: AS_OF }).users.objects(),
      lifecycle(data, { asOf: AS_OF }).users.objects(),
    );
  });

  it('rejects duplicate and missing ids', () => {
    assert.throws(
      () => UserIndex.fromUsers(aq.from([{ user_id: 'a' }, { user_id: 'a' }])),
      /row 2.*duplicate user id: "a"/,
    );
    assert.throws(
      () => UserIndex.fromUsers(aq.from([{ user_id: 'a' }, { user_id: '' }])),
      /row 2.*missing user id/,
    );
  });
});
