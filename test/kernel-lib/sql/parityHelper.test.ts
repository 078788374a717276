import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { partsClose, sameOnEveryEngine } from './parityEngines.js';

const engines = [{ name: 'one' }, { name: 'two' }];
const result = (n: number) => ({ asOf: '2016-12-31', cells: aq.table({ users: [3, n], rate: [0.5, NaN] }) });

describe('sameOnEveryEngine: the parity loop', () => {
  it('passes when every engine gives the in-memory answer (NaN equal to NaN, rates to 1e-9)', async () => {
    const seen: string[] = [];
    await sameOnEveryEngine(
      engines,
      result(4),
      async (e) => {
        seen.push(e.name);
        return { asOf: '2016-12-31', cells: aq.table({ users: [3, 4], rate: [0.5 + 1e-12, NaN] }) };
      },
      partsClose('asOf', 'cells'),
    );
    assert.deepEqual(seen, ['one', 'two']);
  });

  it('names the engine and the part that differ', async () => {
    await assert.rejects(
      sameOnEveryEngine(
        engines,
        result(4),
        async (e) => result(e.name === 'two' ? 5 : 4),
        partsClose('asOf', 'cells'),
      ),
      /two: cells: row 1 .*column users: 5 ≠ expected 4/,
    );
    await assert.rejects(
      sameOnEveryEngine(
        engines,
        result(4),
        async () => ({ ...result(4), asOf: '2017-01-01' }),
        partsClose('asOf', 'cells'),
      ),
      /one: asOf/,
    );
  });

  it('requires a refusing engine to refuse with its error, and the others to agree', async () => {
    const refusals = [{ engine: 'two', error: /invalid thing/ }];
    await sameOnEveryEngine(
      engines,
      result(4),
      async (e) => {
        if (e.name === 'two') throw new Error('invalid thing: "x"');
        return result(4);
      },
      partsClose('cells'),
      refusals,
    );
    await assert.rejects(
      sameOnEveryEngine(engines, result(4), async () => result(4), partsClose('cells'), refusals),
      /two: must refuse/,
    );
  });
});
