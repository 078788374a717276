import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as aq from 'arquero';
import { CancelledError, InputError, SpecError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import { checkFitsInMemory } from '../../../kernel-lib/src/io/memory.js';
import { DictionaryColumn, TimestampColumn } from '../../../kernel-lib/src/table/columns.js';
import { Dictionary } from '../../../kernel-lib/src/table/dictionary.js';

const ORDERS =
  'uid,下单时间,实付金额,渠道,备注\nu1,2016-10-01 12:30:00,10.5,app,first\nu2,2016-10-02 08:00:00,3,web,\nu1,2016-10-03 23:59:59,7,app,"again, and again"\n';

describe('io/load: mapping and types', () => {
  it('maps headers onto canonical names and stores typed columns', async () => {
    const t = await load(ORDERS, {
      table: 'orders',
      columns: { userId: 'uid', ts: '下单时间', amount: '实付金额' },
    });
    assert.deepEqual(t.columnNames(), ['user_id', 'ts', 'amount', '渠道', '备注']);
    const ids = t.column('user_id') as unknown as DictionaryColumn;
    assert.ok(ids instanceof DictionaryColumn);
    assert.deepEqual(Array.from(ids.codes), [0, 1, 0]);
    assert.deepEqual(ids.dictionary.values, ['u1', 'u2']);
    const ts = t.column('ts') as unknown as TimestampColumn;
    assert.ok(ts instanceof TimestampColumn);
    assert.deepEqual(Array.from(ts.ms), [
      Date.UTC(2016, 9, 1, 12, 30),
      Date.UTC(2016, 9, 2, 8),
      Date.UTC(2016, 9, 3, 23, 59, 59),
    ]);
    assert.ok(t.column('amount') instanceof Float64Array);
    assert.deepEqual(Array.from(t.column('amount') as Float64Array), [10.5, 3, 7]);
  });

  it('keeps extra columns under their own names: low-cardinality text as codes, the rest as text', async () => {
    const t = await load(ORDERS, {
      table: 'orders',
      columns: { userId: 'uid', ts: '下单时间', amount: '实付金额' },
    });
    assert.ok(t.column('渠道') instanceof DictionaryColumn);
    assert.deepEqual(t.array('渠道'), ['app', 'web', 'app']);
    assert.deepEqual(t.array('备注'), ['first', null, 'again, and again']);
  });

  it('uses headers that already are canonical names without a mapping', async () => {
    const t = await load('user_id,ts,amount\nu1,2016-10-01,5\n', { table: 'orders' });
    assert.ok(t.column('ts') instanceof TimestampColumn);
  });

  it('matches a mapped header ignoring case and surrounding spaces when unique', async () => {
    const t = await load(' UID ,ts,amount\nu1,2016-10-01,5\n', {
      table: 'orders',
      columns: { userId: 'uid' },
    });
    assert.deepEqual(t.array('user_id'), ['u1']);
  });

  it('forces types by canonical or input name', async () => {
    const t = await load('user_id,code,flag,day\nu1,007,yes,2016-10-01 23:00\n', {
      types: { code: 'number', flag: 'boolean', day: 'date' },
      timeZone: 'Asia/Shanghai',
    });
    assert.deepEqual(Array.from(t.column('code') as Float64Array), [7]);
    assert.deepEqual(t.array('flag'), [true]);
    assert.equal((t.column('day') as unknown as TimestampColumn).ms[0], Date.UTC(2016, 8, 30, 16));
  });

  it('infers numbers, timestamps and booleans of extra columns, and keeps ids with leading zeros as text', async () => {
    const t = await load('user_id,n,t,b,zip\nu1,1.5,2016-10-01,true,007\nu2,-2,2016-10-02 10:00,false,010\n');
    assert.ok(t.column('n') instanceof Float64Array);
    assert.ok(t.column('t') instanceof TimestampColumn);
    assert.deepEqual(t.array('b'), [true, false]);
    assert.deepEqual(t.array('zip'), ['007', '010']);
  });

  it('turns an inferred column into text, losing nothing, when a later value does not fit', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `u${i},${i}`).join('\n');
    const t = await load(`user_id,score\n${rows}\nu9999,n/a*\n`);
    const score = t.array('score') as (string | null)[];
    assert.equal(score.length, 1501);
    assert.equal(score[0], '0');
    assert.equal(score[1499], '1499');
    assert.equal(score[1500], 'n/a*');
  });

  it('refuses a missing required column, listing the headers found and the mapping used', async () => {
    await assert.rejects(
      load('uid,时间,金额\nu1,2016-10-01,5\n', { table: 'orders', columns: { userId: 'uid' } }),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /missing required columns ts, amount for table "orders"/);
        assert.match(e.message, /headers found: "uid", "时间", "金额"/);
        assert.match(e.message, /mapping used: \{ userId: "uid" \}/);
        assert.match(e.message, /ts: "时间"/); // the guess is offered
        return true;
      },
    );
  });

  it('refuses a mapping to a header that does not exist', async () => {
    await assert.rejects(
      load(ORDERS, { table: 'orders', columns: { userId: 'user' } }),
      /column "user" \(mapped to userId\) not found \(expected one of the headers found: "uid"/,
    );
  });

  it('refuses a mapping to a name that is not in the canonical table', async () => {
    await assert.rejects(load(ORDERS, { table: 'orders', columns: { customer: 'uid' } }), SpecError);
  });

  it('refuses two columns that would get the same name', async () => {
    await assert.rejects(
      load('uid,user_id,ts,amount\n1,2,2016-10-01,3\n', { table: 'orders', columns: { userId: 'uid' } }),
      /two columns would both be named "user_id"/,
    );
  });
});

describe('io/load: sources', () => {
  it('loads an array of records, numbers as ids and `17850.0` read as `17850`', async () => {
    const t = await load(
      [
        { customer: 17850, when: '2010-12-01 08:26:00', amount: 15.3 },
        { customer: '17850.0', when: new Date(Date.UTC(2010, 11, 2)), amount: '2' },
        { customer: 'x1', when: null },
      ],
      { table: 'orders', columns: { userId: 'customer', ts: 'when' } },
    );
    assert.deepEqual(t.array('user_id'), ['17850', '17850', 'x1']);
    assert.deepEqual(Array.from((t.column('ts') as unknown as TimestampColumn).ms), [
      Date.UTC(2010, 11, 1, 8, 26),
      Date.UTC(2010, 11, 2),
      NaN,
    ]);
    assert.deepEqual(Array.from(t.column('amount') as Float64Array), [15.3, 2, NaN]);
  });

  it('loads an arquero table, re-coding ids into the shared dictionary', async () => {
    const dictionary = new Dictionary();
    dictionary.encode('b');
    const t = await load(aq.table({ uid: ['a', 'b'], ts: ['2016-10-01', '2016-10-02'], amount: [1, 2] }), {
      table: 'orders',
      columns: { userId: 'uid' },
      dictionary,
    });
    assert.deepEqual(Array.from((t.column('user_id') as unknown as DictionaryColumn).codes), [1, 0]);
    const again = await load(t, { table: 'orders', dictionary });
    assert.equal(again.column('user_id'), t.column('user_id')); // already typed: kept as is
  });

  it('shares user codes between tables through one dictionary', async () => {
    const dictionary = new Dictionary();
    const users = await load('user_id,registered_at\nu2,2016-01-01\nu1,2016-01-02\n', {
      table: 'users',
      dictionary,
    });
    const orders = await load('user_id,ts,amount\nu1,2016-02-01,5\nu3,2016-02-02,1\n', {
      table: 'orders',
      dictionary,
    });
    assert.deepEqual(Array.from((users.column('user_id') as unknown as DictionaryColumn).codes), [0, 1]);
    assert.deepEqual(Array.from((orders.column('user_id') as unknown as DictionaryColumn).codes), [1, 2]);
  });

  it('reads a file without changing it, a .gz file, and reports progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupan-io-'));
    const path = join(dir, 'orders.csv');
    writeFileSync(path, ORDERS);
    const before = statSync(path).mtimeMs;
    const progress: number[][] = [];
    const t = await load(path, {
      table: 'orders',
      columns: { userId: 'uid', ts: '下单时间', amount: '实付金额' },
      onProgress: (read, total) => progress.push([read, total]),
    });
    assert.equal(t.numRows(), 3);
    assert.equal(readFileSync(path, 'utf8'), ORDERS);
    assert.equal(statSync(path).mtimeMs, before);
    const size = Buffer.byteLength(ORDERS);
    assert.deepEqual(progress.at(-1), [size, size]);
    const gz = join(dir, 'orders.csv.gz');
    writeFileSync(gz, gzipSync(ORDERS));
    const z = await load(gz, {
      table: 'orders',
      columns: { userId: 'uid', ts: '下单时间', amount: '实付金额' },
    });
    assert.deepEqual(z.objects(), t.objects());
  });

  it('names the file that cannot be opened', async () => {
    await assert.rejects(
      load('/nonexistent/orders.csv'),
      /\/nonexistent\/orders.csv: cannot open the file \(ENOENT\)/,
    );
  });

  it('rejects with CancelledError when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(load(ORDERS, { signal: controller.signal }), CancelledError);
  });
});

describe('io/load: options', () => {
  it('refuses unknown option keys and bad values', async () => {
    await assert.rejects(load(ORDERS, { tabel: 'orders' } as any), /invalid load option: "tabel"/);
    await assert.rejects(
      load(ORDERS, { table: 'order' as any }),
      /invalid table: "order" \(allowed: "users"/,
    );
    await assert.rejects(load(ORDERS, { encoding: 'latin1' as any }), /invalid encoding/);
    await assert.rejects(load(ORDERS, { delimiter: ',,' }), /invalid delimiter/);
    await assert.rejects(load(ORDERS, { timeZone: 'Mars/Olympus' }), /invalid timeZone/);
    await assert.rejects(load(ORDERS, { types: { uid: 'int' as any } }), /invalid types.uid/);
    await assert.rejects(load(ORDERS, { types: { nope: 'number' } }), /invalid types: "nope"/);
  });
});

describe('io/load: big inputs', () => {
  it('refuses an input too large for memory with advice, before reading it', () => {
    const budget = { offHeap: 1000, heap: 1000 };
    assert.doesNotThrow(() => checkFitsInMemory({ offHeap: 999, heap: 10 }, 'big.csv', budget));
    assert.throws(
      () => checkFitsInMemory({ offHeap: 10, heap: 5 * 2 ** 20 }, 'big.json', budget),
      /big.json: too large to load into memory \(about 5 MB needed, 0 MB available\) \(expected .*DuckDB engine/,
    );
  });

  it('stops between chunks when the signal fires during a large file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupan-io-'));
    const path = join(dir, 'big.csv');
    const row = 'u0001234,2016-10-01 12:30:00,12.50\n';
    writeFileSync(path, 'user_id,ts,amount\n' + row.repeat(Math.ceil((5 * 2 ** 20) / row.length)));
    const controller = new AbortController();
    const seen: number[] = [];
    await assert.rejects(
      load(path, {
        table: 'orders',
        signal: controller.signal,
        onProgress: (read) => {
          seen.push(read);
          if (read >= 2 ** 21) controller.abort();
        },
      }),
      CancelledError,
    );
    assert.ok(seen.length < 3, `read ${seen.length} chunks`);
  });
});

describe('io/load: streaming across chunks', () => {
  it('loads a multi-chunk file with quoted newlines and multi-byte text exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupan-io-'));
    const path = join(dir, 'chunks.csv');
    const n = 60_000; // about 5 MiB: three 2 MiB chunks, records cut at every kind of place
    const lines = ['user_id,ts,amount,note'];
    for (let i = 0; i < n; i++) {
      lines.push(
        `用户${i % 997},2016-10-01 12:${String(i % 60).padStart(2, '0')}:00,${i}.5,"备注, ""${i}""\n第二行 ${'x'.repeat(i % 40)}"`,
      );
    }
    writeFileSync(path, lines.join('\r\n') + '\r\n');
    const t = await load(path, { table: 'orders', types: { note: 'string' } });
    assert.equal(t.numRows(), n);
    const amount = t.column('amount') as Float64Array;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += amount[i];
    assert.equal(sum, (n * (n - 1)) / 2 + n * 0.5);
    const notes = t.array('note') as string[];
    for (const i of [0, 12_345, 29_999, 30_000, 47_777, n - 1]) {
      assert.equal(notes[i], `备注, "${i}"\n第二行 ${'x'.repeat(i % 40)}`);
      assert.equal(t.get('user_id', i), `用户${i % 997}`);
    }
    assert.equal((t.column('user_id') as unknown as DictionaryColumn).dictionary.size, 997);
  });
});
