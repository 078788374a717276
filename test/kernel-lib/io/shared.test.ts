import assert from 'node:assert/strict';
import { cede, columnArray, reclaimed, tailAt, widened } from '../../../kernel-lib/src/io/columns/shared.js';

describe('io/columns/shared: typed columns split between two threads', () => {
  it('allocates shared memory only for a file that may be split, and a worker writes into its tail', () => {
    assert.ok(!(columnArray(Float64Array, { capacity: 100 }).buffer instanceof SharedArrayBuffer));
    const main = columnArray(Float64Array, { capacity: 100, shareable: true });
    assert.ok(main.buffer instanceof SharedArrayBuffer);
    main.set([1, 2, 3]);
    const c = cede(main, 3, 40)!;
    assert.equal(c.data.length, 60);
    assert.deepEqual(c.tail, { buffer: main.buffer, from: 60, length: 40, width: 8 });
    const worker = columnArray(Float64Array, { capacity: 40, tail: c.tail });
    worker.set([7, 8]);
    assert.equal(tailAt(worker, { capacity: 40, tail: c.tail }), 60);
    assert.deepEqual(Array.from(main.subarray(60, 62)), [7, 8]);
  });

  it('a builder of another width never writes into a tail (a column turned to text)', () => {
    const main = columnArray(Float64Array, { capacity: 100, shareable: true });
    const { tail } = cede(main, 0, 40)!;
    const codes = columnArray(Int32Array, { capacity: 16, tail });
    assert.ok(!(codes.buffer instanceof SharedArrayBuffer));
  });

  it('cedes nothing from plain memory, nor rows already written', () => {
    assert.equal(cede(new Float64Array(100), 0, 40), undefined);
    const main = columnArray(Int32Array, { capacity: 100, shareable: true });
    assert.equal(cede(main, 61, 40), undefined);
    assert.equal(cede(main, 0, 0), undefined);
  });

  it('moves the worker rows down in place only from its own tail, with its own rows before it', () => {
    const main = columnArray(Float64Array, { capacity: 100, shareable: true });
    main.set([1, 2, 3]);
    const { data, tail } = cede(main, 3, 40)!;
    new Float64Array(tail.buffer, tail.from * 8, 2).set([7, 8]);
    const wide = widened(data, 3, tail.from, 2)!;
    assert.equal(wide.length, 62);
    wide.copyWithin(3, 60, 62);
    assert.deepEqual(Array.from(wide.subarray(0, 5)), [1, 2, 3, 7, 8]);
    assert.equal(widened(data, 3, undefined, 2), undefined, 'the worker outgrew its tail');
    assert.equal(widened(new Float64Array(60), 3, 60, 2), undefined, 'this thread outgrew its share');
    assert.equal(widened(data, 3, 50, 2), undefined, 'not the ceded tail');
  });

  it('takes the tail back when the worker has stopped (the file is read on here)', () => {
    const main = columnArray(Int32Array, { capacity: 100, shareable: true });
    const { data } = cede(main, 0, 40)!;
    assert.equal(reclaimed(data).length, 100);
    const plain = new Int32Array(5);
    assert.equal(reclaimed(plain), plain);
  });
});
