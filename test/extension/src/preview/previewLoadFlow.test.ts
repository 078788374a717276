import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fakePreview } from './fakePreviewVscode.js';

/**
 * How the segment preview loads a file (issue 15 item 5), with `vscode` faked: cancelling a large load is
 * said in the panel and is no error; a whitespace-separated export is loaded again with
 * `delimiter: 'whitespace'`, and that choice is remembered for the file.
 */
describe('segment preview: cancel and the whitespace delimiter', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'fupan-preview-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('cancelling the load of 1M rows says "cancelled" in the panel, with no error toast', async () => {
    const file = path.join(dir, 'million.csv');
    const out = createWriteStream(file);
    out.write('order_id,user_id,ts,amount\n');
    for (let block = 0; block < 100; block++) {
      let text = '';
      for (let i = block * 10_000; i < (block + 1) * 10_000; i++) {
        text += `o${i},u${i % 100_000},2024-0${1 + (i % 9)}-1${i % 10}T10:00:00Z,${(i % 997) + 0.5}\n`;
      }
      out.write(text);
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));

    const { state, open } = fakePreview({ cancelAtFirstProgress: true });
    await open(file);
    assert.deepEqual(state.errors, []);
    assert.deepEqual(
      state.posted.map((m) => m.type),
      ['loading', 'cancelled'],
    );
    assert.equal(state.posted[1].fileName, 'million.csv');
    // Stopped at the first report, far from the end.
    assert.equal(state.progress.length, 1);
    assert.notEqual(state.progress[0], '100%');
  });

  it('a whitespace-separated export with a header row is loaded again with delimiter whitespace', async () => {
    const file = path.join(dir, 'spaces.csv');
    writeFileSync(
      file,
      'user_id   ts                     amount\n' +
        'u1        2024-01-01T00:00:00Z   10\n' +
        'u1        2024-02-01T00:00:00Z   30\n' +
        'u2        2024-01-05T00:00:00Z   20\n',
    );
    const { state, open } = fakePreview();
    await open(file);
    assert.deepEqual(state.errors, []);
    const status = state.posted.find((m) => m.type === 'status');
    assert.match(status?.text ?? '', /use delimiter whitespace: loading again with delimiter whitespace/);
    const summary = state.posted.find((m) => m.type === 'summary') as unknown as
      { summary: { users: number; orders: number } } | undefined;
    assert.ok(summary, JSON.stringify(state.posted));
    assert.equal(summary.summary.users, 2);
    assert.equal(summary.summary.orders, 3);
    // Remembered for this file: the next preview reads it with the delimiter at once.
    assert.deepEqual(
      [...state.remembered.values()],
      [{ columns: { userId: 'user_id', ts: 'ts', amount: 'amount' }, delimiter: 'whitespace' }],
    );
    const again = fakePreview();
    for (const [k, v] of state.remembered) again.state.remembered.set(k, v);
    await again.open(file);
    assert.equal(again.state.posted.filter((m) => m.type === 'status').length, 0);
    assert.ok(again.state.posted.some((m) => m.type === 'summary'));
  });

  it('a whitespace-separated file without a header says how to load it, and offers no mapping', async () => {
    const file = path.join(dir, 'cdnow.csv');
    writeFileSync(file, '00001 19970101  1   11.77\n00002 19970112  1   12.00\n00002 19970112  5   77.00\n');
    let offered: string[] = [];
    const { state, open } = fakePreview({ press: (_, actions) => ((offered = actions), undefined) });
    await open(file);
    assert.equal(state.errors.length, 1);
    assert.match(
      state.errors[0],
      /no header row: load it in a notebook with delimiter: 'whitespace', header: false/,
    );
    assert.deepEqual(offered, []);
  });
});
