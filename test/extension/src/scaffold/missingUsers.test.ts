import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireWithVscode } from '../fakeVscode.js';

/** The `vscode` calls the check makes: a file uri and a progress notification (never cancelled here). */
const api = {
  ProgressLocation: { Notification: 15 },
  Uri: { file: (p: string) => ({ fsPath: p, path: p }) },
  l10n: { t: (s: string) => s },
  window: {
    withProgress: (_: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
      task({ report() {} }, { onCancellationRequested: () => ({ dispose() {} }) }),
  },
};
const { hasRowsWithoutUser } = requireWithVscode<
  typeof import('../../../../extension/src/scaffold/missingUsers.js')
>(require.resolve('../../../../extension/src/scaffold/missingUsers.ts'), api);

/** 1,000 order lines of 50 users; the line at `blankAt` (a data row index) has no user id. */
function orders(blankAt?: number): string {
  const lines = ['Invoice,Customer,Date,Qty,Price'];
  for (let i = 0; i < 1000; i++) {
    const user = i === blankAt ? '' : `c${i % 50}`;
    lines.push(`i${i},${user},2024-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,${1 + (i % 3)},2.5`);
  }
  return lines.join('\n') + '\n';
}

const mapping = { orderId: 'Invoice', userId: 'Customer', ts: 'Date' };
const amount = { product: ['Qty', 'Price'] as [string, string] };

/** Which new notebooks load their file with missingUsers: 'drop' (issue 15 items 4 and 6). */
describe("scaffold: rows with no user id get missingUsers: 'drop'", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'fupan-missing-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('finds a blank user id far past the first rows of an orders file (loaded as the notebook will)', async () => {
    const file = write('late-blank.csv', orders(900));
    assert.equal(await hasRowsWithoutUser({ file, table: 'orders', mapping, amount, delimiter: ',' }), true);
  });

  it('finds none in an orders file where every row has a user id', async () => {
    const file = write('complete.csv', orders());
    assert.equal(await hasRowsWithoutUser({ file, table: 'orders', mapping, amount, delimiter: ',' }), false);
  });

  it('judges a file that does not load as orders from its first rows', async () => {
    const file = write('early-blank.csv', orders(3));
    const wrong = { ...mapping, ts: 'NoSuchHeader' };
    const input = { file, table: 'orders', mapping: wrong, amount, delimiter: ',' };
    assert.equal(await hasRowsWithoutUser(input), true);
    assert.equal(await hasRowsWithoutUser({ ...input, file: write('late.csv', orders(900)) }), false);
  });
});
