import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CancelledError, InputError } from '../../../kernel-lib/src/errors.js';
import { csvThreads } from '../../../kernel-lib/src/io/csv/parallel.js';
import { load } from '../../../kernel-lib/src/io/load.js';

/**
 * Issue 21, in memory, the file source: long records (item 15), gzip bombs (14), files changed while
 * read (10), FIFOs (17).
 */

const dir = mkdtempSync(join(tmpdir(), 'fupan-i21-files-'));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function refusal(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InputError, `not an InputError: ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

function withEnv(name: string, value: string, run: () => Promise<void>): Promise<void> {
  const old = process.env[name];
  process.env[name] = value;
  return run().finally(() => {
    if (old === undefined) delete process.env[name];
    else process.env[name] = old;
  });
}

describe('io: issue 21 files (in memory)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('item 15: long records', () => {
    it('a quoted field of several chunks, with line ends and doubled quotes, loads exactly', async () => {
      const note = 'a "quoted" word, and a line end\n'.repeat(200_000); // 6.4 MB: several 2 MiB chunks
      const path = file('long.csv', `user_id,note\nu1,"${note.replace(/"/g, '""')}"\nu2,short\n`);
      const t = await load(path, { types: { note: 'string' } });
      assert.deepEqual(t.array('user_id'), ['u1', 'u2']);
      assert.equal(t.array('note')[0], note);
      assert.equal(t.array('note')[1], 'short');
    });

    it('a field (or an open quote swallowing the file) over the cap is refused naming its line', async () => {
      const big = 'x'.repeat(3 << 20);
      await withEnv('FUPAN_CSV_MAX_FIELD_MB', '1', async () => {
        await refusal(
          load(file('cap.csv', `user_id,note\nu1,ok\nu2,"${big}"\n`)),
          /cap\.csv, line 3: a field or record longer than 1 MiB/,
        );
        await refusal(
          load(file('open.csv', `user_id,note\nu1,"${big}\n`)),
          /line 2: a field or record longer than 1 MiB/,
        );
        await refusal(load(`user_id,note\nu1,${big}\n`), /line 2: a field or record longer than 1 MiB/);
      });
    });
  });

  describe('item 14: gzip', () => {
    it('the memory limit applies to the decompressed bytes, whatever the trailer says', async () => {
      const text = Buffer.concat([Buffer.from('user_id,x\n'), Buffer.alloc(40 << 20, 'u1,10\n')]);
      const bomb = gzipSync(text, { level: 1 });
      bomb.writeUInt32LE(1000, bomb.length - 4); // a trailer that lies (or wrapped past 4 GiB)
      const path = file('bomb.csv.gz', bomb);
      await withEnv('FUPAN_MEMORY_LIMIT_MB', '48', () =>
        refusal(load(path), /bomb\.csv\.gz: decompresses to more than \d+ MB.*too large.*DuckDB engine/),
      );
    });
  });

  describe('item 10: a file changed while it is read', () => {
    for (const threads of [1, 2]) {
      it(`is refused, not loaded in part (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
        const rows = Array.from({ length: 400_000 }, (_, i) => `u${i},${i}`).join('\n');
        const path = file(`trunc-${threads}.csv`, `user_id,x\n${rows}\n`);
        // truncate at a row boundary once the first chunk is read
        const cut = `user_id,x\n${rows}`.lastIndexOf('\n', 3_000_000) + 1;
        const saved = { enabled: csvThreads.enabled, minBytes: csvThreads.minBytes };
        csvThreads.enabled = threads > 1;
        csvThreads.minBytes = 1 << 20;
        let done = false;
        try {
          await refusal(
            load(path, {
              onProgress: () => {
                if (!done) truncateSync(path, cut);
                done = true;
              },
            }),
            /trunc-\d\.csv: the file changed while it was read/,
          );
        } finally {
          Object.assign(csvThreads, saved);
        }
        assert.equal(statSync(path).size, cut);
      });
    }
  });

  describe('item 17: FIFOs', () => {
    const fifo = (name: string) => {
      const path = join(dir, name);
      execFileSync('mkfifo', [path]);
      return path;
    };

    it('a FIFO with no writer is cancelled by the AbortSignal', async () => {
      const path = fifo('nowriter.csv');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(load(path, { signal: controller.signal }), CancelledError);
    });

    it('a .csv.gz and a .csv through a FIFO load', async () => {
      const gz = file('plain.csv.gz', gzipSync('user_id,x\nu1,1\nu2,2\n'));
      const path = fifo('pipe.csv.gz');
      const write = (command: string) => {
        const writer = spawn('sh', ['-c', command]);
        return new Promise((resolve) => writer.once('exit', resolve));
      };
      const wrote = write(`cat '${gz}' > '${path}'`);
      const t = await load(path);
      assert.deepEqual(t.array('user_id'), ['u1', 'u2']);
      await wrote;
      const csv = fifo('pipe.csv');
      const wrote2 = write(`printf 'user_id,x\\nu1,1\\n' > '${csv}'`);
      assert.deepEqual((await load(csv)).array('user_id'), ['u1']);
      await wrote2;
    });

    it('a directory is refused as an InputError', async () => {
      await refusal(load(dir), /a directory, not a file/);
    });
  });
});
