import assert from 'node:assert/strict';
import { InputError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import { latin1 } from '../../../kernel-lib/src/table/latin1.js';

// GB18030/GBK bytes of known characters: 中 D6 D0, 文 CE C4, 用 D3 C3, 户 BB A7.
const ZHONG = [0xd6, 0xd0];
const WEN = [0xce, 0xc4];
const YONG_HU = [0xd3, 0xc3, 0xbb, 0xa7];
const ascii = (s: string) => [...Buffer.from(s, 'latin1')];

/** `用户,amount\n中文,5\n中,6\n` in GB18030. */
const GB_CSV = Buffer.from([
  ...YONG_HU,
  ...ascii(',amount\n'),
  ...ZHONG,
  ...WEN,
  ...ascii(',5\n'),
  ...ZHONG,
  ...ascii(',6\n'),
]);

describe('io/encoding', () => {
  it('reads GB18030 when told', async () => {
    const t = await load(GB_CSV, { encoding: 'gb18030', columns: { userId: '用户' } });
    assert.deepEqual(t.columnNames(), ['user_id', 'amount']);
    assert.deepEqual(t.array('user_id'), ['中文', '中']);
  });

  it('falls back to GB18030 on invalid UTF-8 by default (auto)', async () => {
    const t = await load(GB_CSV, { columns: { userId: '用户' } });
    assert.deepEqual(t.array('user_id'), ['中文', '中']);
  });

  it('reads UTF-8 with and without BOM under auto', async () => {
    const text = '用户,amount\n中文,5\n';
    for (const bytes of [
      Buffer.from(text),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    ]) {
      const t = await load(bytes, { columns: { userId: '用户' } });
      assert.deepEqual(t.array('user_id'), ['中文']);
    }
  });

  it('refuses GB18030 bytes in a file said to be UTF-8, suggesting the right encoding', async () => {
    await assert.rejects(load(GB_CSV, { encoding: 'utf-8' }), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /invalid UTF-8 bytes: "用户"/);
      assert.match(e.message, /encoding: "gb18030"/);
      return true;
    });
  });

  it('refuses UTF-16 with advice', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]);
    await assert.rejects(
      load(utf16),
      /the file is UTF-16 \(expected UTF-8 or GB18030; save the file as UTF-8 CSV\)/,
    );
  });
});

describe('io/values/text: latin1 of a byte range', () => {
  it('equals Buffer latin1 decoding at every length (the short, two-piece and Buffer paths)', () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255);
    for (let s = 0; s < 3; s++) {
      for (let n = 0; n <= 40; n++) {
        assert.equal(
          latin1(bytes, s, s + n),
          Buffer.from(bytes.subarray(s, s + n)).toString('latin1'),
          `${n}`,
        );
      }
    }
  });
});
