import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { codesOf, numbersOf, rowsOf, stringsOf, timestampsOf } from '../../../kernel-lib/src/table/access.js';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';

describe('table access on filtered arquero tables', () => {
  const table = aq.from([
    { user_id: 'a', ts: new Date('2016-10-01T00:00:00Z'), amount: 10 },
    { user_id: 'b', ts: new Date('2016-10-02T00:00:00Z'), amount: -5 },
    { user_id: 'c', ts: new Date('2016-10-03T00:00:00Z'), amount: 30 },
  ]);
  const kept = table.filter((d: { amount: number }) => d.amount > 0);

  it('reads only the rows the filter kept', () => {
    const codes = codesOf(kept, 'user_id');
    assert.deepEqual(
      [...codes.codes].map((c) => codes.dictionary.decode(c)),
      ['a', 'c'],
    );
    assert.deepEqual([...numbersOf(kept, 'amount')], [10, 30]);
    assert.deepEqual(
      [...timestampsOf(kept, 'ts')],
      [Date.parse('2016-10-01T00:00:00Z'), Date.parse('2016-10-03T00:00:00Z')],
    );
    assert.deepEqual(stringsOf(kept, 'user_id'), ['a', 'c']);
  });

  it('materialises a filtered table once and leaves an unfiltered one as it is', () => {
    assert.equal(rowsOf(kept), rowsOf(kept));
    assert.equal(rowsOf(table), table);
  });

  it('gives metrics the filtered rows: RFM of a filtered table scores only its users', () => {
    const users = rfm(kept, { scoring: { method: 'mean' } }).users.array('user_id') as string[];
    assert.deepEqual([...users].sort(), ['a', 'c']);
  });
});
