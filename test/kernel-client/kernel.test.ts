import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { TslabKernel, type NbOutput } from '@fupan/kernel-client';
import { groupGone, processesInGroup } from '../notebooks/runner/process-check.js';

const ROOT = resolve(__dirname, '../..');
const NOTEBOOKS = join(ROOT, 'notebooks');

describe('TslabKernel', function () {
  this.timeout(90_000);

  describe('one kernel, several cells', () => {
    let kernel: TslabKernel;
    before(async () => {
      kernel = await TslabKernel.start({ cwd: NOTEBOOKS });
    });
    after(async () => {
      const pgid = kernel.pid!;
      await kernel.shutdown();
      assert.equal(kernel.alive, false);
      assert.deepEqual(await groupGone(pgid), []);
    });

    it('executes a cell and returns its stdout and execution count', async () => {
      const r = await kernel.execute("const answer = 6 * 7;\nconsole.log('answer', answer);");
      assert.equal(r.status, 'ok');
      assert.deepEqual(r.outputs, [{ output_type: 'stream', name: 'stdout', text: 'answer 42\n' }]);
      assert.equal(typeof r.executionCount, 'number');
    });

    it('keeps state between cells and streams outputs to onOutput as they arrive', async () => {
      const seen: NbOutput[] = [];
      const r = await kernel.execute("console.log(answer + 1);\nconsole.error('to stderr');", {
        onOutput: (o) => seen.push(o),
      });
      assert.equal(r.status, 'ok');
      assert.deepEqual(r.outputs, [
        { output_type: 'stream', name: 'stdout', text: '43\n' },
        { output_type: 'stream', name: 'stderr', text: 'to stderr\n' },
      ]);
      assert.equal(seen.length, 2);
    });

    it('delivers a Fupan display bundle whole: one display_data with every MIME type', async () => {
      const r = await kernel.execute(
        "import { display, fupanTable } from '@fupan/kernel-lib';\n" +
          "display(fupanTable([{ tier: '5k-20k', users: 12 }], { title: 'Users by tier' }));",
      );
      assert.equal(r.status, 'ok');
      assert.equal(r.outputs.length, 1);
      const [out] = r.outputs;
      assert.equal(out.output_type, 'display_data');
      if (out.output_type !== 'display_data') return;
      assert.deepEqual(Object.keys(out.data).sort(), [
        'application/vnd.fupan.table+json',
        'text/html',
        'text/plain',
      ]);
      const payload = out.data['application/vnd.fupan.table+json'] as { rows: unknown[][] };
      assert.deepEqual(payload.rows, [['5k-20k', 12]]);
      assert.match(String(out.data['text/html']), /<table>.*5k-20k.*12/);
    });

    it('reports a cell that throws with the error text from stderr', async () => {
      const r = await kernel.execute(
        "function explode(): never { throw new Error('boom in cell'); }\nexplode();",
      );
      assert.equal(r.status, 'error');
      assert.match(r.error ?? '', /Error: boom in cell/);
      assert.match(r.error ?? '', /at explode/);
      assert.doesNotMatch(r.error ?? '', /tslab[/]dist/, 'kernel-internal stack frames are dropped');
    });

    it('runs the next cell right after an error (tslab would abort it within 200 ms)', async () => {
      const failed = await kernel.execute("throw new Error('first');");
      assert.equal(failed.status, 'error');
      const next = await kernel.execute("console.log('still here');");
      assert.equal(next.status, 'ok');
      assert.deepEqual(next.outputs, [{ output_type: 'stream', name: 'stdout', text: 'still here\n' }]);
    });

    it('reports a type error with its position', async () => {
      const r = await kernel.execute("const n: number = 'text';");
      assert.equal(r.status, 'error');
      assert.match(r.error ?? '', /1:7 - Type 'string' is not assignable to type 'number'/);
    });

    it('cancels an awaiting cell through its AbortSignal and keeps the kernel', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const r = await kernel.execute('await new Promise(() => {});', { signal: controller.signal });
      assert.equal(r.status, 'cancelled');
      assert.equal(kernel.alive, true);
      const next = await kernel.execute('console.log(answer)');
      assert.deepEqual(
        next.outputs,
        [{ output_type: 'stream', name: 'stdout', text: '42\n' }],
        JSON.stringify(next),
      );
    });
  });

  it('stops a cell that hangs past its timeout and kills the whole process group', async () => {
    const kernel = await TslabKernel.start({ cwd: NOTEBOOKS });
    const pgid = kernel.pid!;
    // A native wait that SIGINT cannot break, with a child process that must not survive the kernel.
    const r = await kernel.execute("import { execSync } from 'child_process';\nexecSync('sleep 600');", {
      timeoutMs: 1500,
      interruptGraceMs: 500,
    });
    assert.equal(r.status, 'timeout');
    assert.match(r.error ?? '', /longer than 1500 ms; the kernel was stopped/);
    await kernel.exited;
    assert.equal(kernel.alive, false);
    assert.deepEqual(await groupGone(pgid), []);
    const after = await kernel.execute('1');
    assert.equal(after.status, 'died');
  });

  it('reports a cell that kills the kernel (process.exit) with the exit code', async () => {
    const kernel = await TslabKernel.start({ cwd: NOTEBOOKS });
    const pgid = kernel.pid!;
    const r = await kernel.execute("console.log('bye');\nprocess.exit(3);");
    assert.equal(r.status, 'died');
    assert.match(r.error ?? '', /the kernel exited \(code 3\) while the cell ran/);
    assert.equal(kernel.alive, false);
    assert.deepEqual(await groupGone(pgid), []);
  });

  it('stops on its own, with everything it started, when its client is killed without a shutdown', async () => {
    // One process (node with tsx's loader), so SIGKILL hits the client itself, not a launcher.
    const client = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'orphan-client.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((done, fail) => {
      let out = '';
      client.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /kernel (\d+)/.exec(out);
        if (m) done(Number(m[1]));
      });
      client.once('exit', (code) => fail(new Error(`client exited early (${code}): ${out}`)));
    });
    const until = Date.now() + 30_000;
    while (!processesInGroup(pid).some((p) => p.includes('sleep 600')) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(
      processesInGroup(pid).some((p) => p.includes('sleep 600')),
      'the cell started its child process',
    );
    client.kill('SIGKILL');
    assert.deepEqual(await groupGone(pid, 10_000), []);
  });

  it('fails to start with a clear error when tslab is missing', async () => {
    await assert.rejects(
      TslabKernel.start({ cwd: '/' }),
      /tslab not found: no node_modules\/\.bin\/tslab in \/ or above/,
    );
    await assert.rejects(
      TslabKernel.start({ cwd: NOTEBOOKS, tslabPath: '/nonexistent/tslab' }),
      /the kernel exited .* during start-up:\s+spawn \/nonexistent\/tslab ENOENT/,
    );
  });
});
