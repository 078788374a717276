import assert from 'node:assert/strict';
import { SpecError } from '../../kernel-lib/src/errors.js';
import { guessMapping } from '../../kernel-lib/src/io/guess.js';
import { load } from '../../kernel-lib/src/io/load.js';

/** Regression tests for what the fuzzer (fuzz.test.ts) found. */
describe('hardening/fuzz findings', () => {
  it('a JSON key or CSV header "__proto__" loads as a column, not as the prototype', async () => {
    const fromJson = await load(
      Buffer.from('{"user_id":"u1","__proto__":5}\n{"user_id":"u2","__proto__":7}'),
      {
        format: 'ndjson',
      },
    );
    assert.deepEqual(fromJson.columnNames(), ['user_id', '__proto__']);
    assert.deepEqual(Array.from(fromJson.array('__proto__') as ArrayLike<unknown>), [5, 7]);
    const fromCsv = await load('user_id,__proto__,constructor\nu1,a,b\n');
    assert.equal(fromCsv.get('__proto__', 0), 'a');
    assert.equal(fromCsv.get('constructor', 0), 'b');
  });

  it('guessMapping refuses an unknown table or a non-array of headers with a SpecError', () => {
    assert.throws(
      () => guessMapping(['uid'], 'toString' as any),
      (e: unknown) => {
        assert.ok(e instanceof SpecError);
        assert.match(e.message, /^invalid table: "toString" \(allowed: "users", /);
        return true;
      },
    );
    assert.throws(() => guessMapping('uid' as any, 'orders'), SpecError);
    assert.throws(() => guessMapping([1] as any, 'orders'), /invalid headers/);
  });
});
