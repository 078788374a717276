import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { B2B_TABLES, generateB2b } from '../../datasets/src/b2b/generate.js';
import { B2B_DEFAULT_USERS, DEFAULT_SEED, P2P_DEFAULT_USERS } from '../../datasets/src/calibration.js';
import { generateP2p, P2P_TABLES } from '../../datasets/src/p2p/generate.js';
import { hashes, ROOT, tempDir } from './support.js';

describe('datasets: same seed and size, same bytes', function () {
  this.timeout(180_000);

  it('P2P: two runs give byte-identical files; another seed gives other files', async () => {
    const t = tempDir('p2p-det');
    try {
      await generateP2p({ seed: 7, size: 1500, outDir: join(t.dir, 'a') });
      await generateP2p({ seed: 7, size: 1500, outDir: join(t.dir, 'b') });
      await generateP2p({ seed: 8, size: 1500, outDir: join(t.dir, 'c') });
      const a = hashes(join(t.dir, 'a'));
      assert.equal(Object.keys(a).length, Object.keys(P2P_TABLES).length);
      assert.deepEqual(hashes(join(t.dir, 'b')), a);
      const c = hashes(join(t.dir, 'c'));
      assert.notEqual(c['users.csv'], a['users.csv']);
      assert.notEqual(c['orders.csv'], a['orders.csv']);
    } finally {
      t.remove();
    }
  });

  it('B2B: two runs give byte-identical files, also gzipped', async () => {
    const t = tempDir('b2b-det');
    try {
      await generateB2b({ seed: 7, size: 400, outDir: join(t.dir, 'a'), gzip: true });
      await generateB2b({ seed: 7, size: 400, outDir: join(t.dir, 'b'), gzip: true });
      await generateB2b({ seed: 9, size: 400, outDir: join(t.dir, 'c'), gzip: true });
      const a = hashes(join(t.dir, 'a'));
      assert.equal(Object.keys(a).length, Object.keys(B2B_TABLES).length);
      assert.deepEqual(hashes(join(t.dir, 'b')), a);
      assert.notEqual(hashes(join(t.dir, 'c'))['events.csv.gz'], a['events.csv.gz']);
    } finally {
      t.remove();
    }
  });

  it('the committed samples are exactly what the generators make with the default seed and size', async () => {
    const t = tempDir('committed');
    try {
      await generateB2b({
        seed: DEFAULT_SEED,
        size: B2B_DEFAULT_USERS,
        outDir: join(t.dir, 'b2b'),
        gzip: true,
      });
      assert.deepEqual(hashes(join(t.dir, 'b2b')), hashes(join(ROOT, 'datasets/b2b')));
      await generateP2p({
        seed: DEFAULT_SEED,
        size: P2P_DEFAULT_USERS,
        outDir: join(t.dir, 'p2p'),
        gzip: true,
      });
      const committed = hashes(join(ROOT, 'datasets/p2p'));
      assert.deepEqual(hashes(join(t.dir, 'p2p')), committed);
    } finally {
      t.remove();
    }
  });

  it('the CLI documents its flags and refuses a bad one, naming it', () => {
    const tsx = join(ROOT, 'node_modules/.bin/tsx');
    const help = execFileSync(tsx, ['datasets/src/cli.ts', '--help'], { encoding: 'utf8' });
    for (const flag of ['--platform', '--size', '--seed', '--out', '--gzip', '--quiet'])
      assert.match(help, new RegExp(flag));
    assert.throws(
      () =>
        execFileSync(tsx, ['datasets/src/cli.ts', '--platform', 'p3p'], { encoding: 'utf8', stdio: 'pipe' }),
      (err: any) => /invalid --platform: "p3p" \(allowed: p2p, b2b\)/.test(String(err.stderr)),
    );
    assert.throws(
      () =>
        execFileSync(tsx, ['datasets/src/cli.ts', '--platform', 'p2p', '--size', 'many'], {
          encoding: 'utf8',
          stdio: 'pipe',
        }),
      (err: any) => /invalid --size: "many"/.test(String(err.stderr)),
    );
  });
});
