import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TslabKernel } from '@fupan/kernel-client';

const ROOT = resolve(__dirname, '../..');
const TSLAB = join(ROOT, 'node_modules/tslab/bin/tslab');

/**
 * A kernel whose first process hits tslab's start-up race (zeromq's EBUSY while a socket binds: tslab's
 * message loop dies and the process never answers), as seen once on a fresh CI machine; later starts are the
 * real tslab.
 */
function racingTslab(dir: string): string {
  const script = join(dir, 'racing-tslab.cjs');
  writeFileSync(
    script,
    `const fs = require('fs');
const marker = ${JSON.stringify(join(dir, 'started'))};
const n = fs.existsSync(marker) ? Number(fs.readFileSync(marker, 'utf8')) + 1 : 1;
fs.writeFileSync(marker, String(n));
if (n === 1) {
  console.error("UnhandledPromiseRejection: Error: Socket is blocked by a bind or unbind operation\\n  code: 'EBUSY'");
  setInterval(() => {}, 1000); // alive, but answers nothing
} else {
  process.argv.splice(1, 1, ${JSON.stringify(TSLAB)});
  require(${JSON.stringify(TSLAB)});
}
`,
  );
  return script;
}

describe('notebook runner: the tslab start-up race', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fupan-race-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a fresh kernel process when the first one broke while binding its sockets', async () => {
    assert.ok(existsSync(TSLAB), TSLAB);
    const kernel = await TslabKernel.start({
      cwd: join(ROOT, 'notebooks'),
      tslabCommand: [process.execPath, racingTslab(dir)],
      startTimeoutMs: 20_000,
    });
    try {
      assert.equal(readFileSync(join(dir, 'started'), 'utf8'), '2', 'a second process answered');
      const r = await kernel.execute('6 * 7', { timeoutMs: 20_000 });
      assert.equal(r.status, 'ok');
    } finally {
      await kernel.shutdown();
    }
  });
});
