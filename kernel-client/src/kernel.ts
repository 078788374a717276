/**
 * A client for the tslab kernel that needs only Node: it starts `tslab kernel` and speaks the Jupyter
 * messaging protocol (5.3) to it over ZeroMQ. Shared by the headless notebook runner and the VS Code extension.
 *
 * tslab quirks this client absorbs:
 * - after a failed cell tslab aborts every request that arrives within 200 ms, so the next execution waits that out;
 * - a failed cell's `execute_reply` has no `ename`/`evalue`: the error text is on the cell's stderr stream;
 * - tslab publishes no `execute_input`, so the execution count is read from the `execute_reply`.
 */
import type { ChildProcess } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { Dealer, Subscriber } from 'zeromq';
import { findTslab } from './findTslab.js';
import {
  killProcessGroup,
  removeConnectionFile,
  spawnKernel,
  writeConnectionFile,
  type ConnectionInfo,
} from './kernel-process.js';
import type { NbErrorOutput, NbOutput } from './outputs.js';
import { OutputCollector } from './output-collector.js';
import { WireCodec, type JupyterMessage } from './wire.js';

/** Options of {@link TslabKernel.start}. */
export interface KernelStartOptions {
  /** The kernel's working folder: relative imports and data paths in cells resolve against it (the notebook's folder). */
  cwd: string;
  /** The tslab executable. @default the nearest `node_modules/.bin/tslab` above `cwd` */
  tslabPath?: string;
  /** A program and arguments that start tslab (before `kernel --config-path …`); wins over `tslabPath`. */
  tslabCommand?: readonly [string, ...string[]];
  /** Extra environment variables for the kernel (added to this process's environment). */
  env?: Record<string, string>;
  /** How long the kernel may take to answer its first `kernel_info_request`. @default 60000 */
  startTimeoutMs?: number;
}

/** Options of {@link TslabKernel.execute}. */
export interface ExecuteOptions {
  /** Called with each output as it arrives (stream chunks one by one, display bundles whole). */
  onOutput?: (output: NbOutput) => void;
  /** A cell running longer than this is interrupted, then the kernel is killed. @default no limit */
  timeoutMs?: number;
  /** Aborting it stops the cell the same way as a timeout. */
  signal?: AbortSignal;
  /** After an interrupt, how long to wait for the cell to stop before killing the kernel. @default 3000 */
  interruptGraceMs?: number;
}

/**
 * How an execution ended: `ok`; `error` (the cell threw or failed to compile); `aborted` (tslab skipped it
 * after an earlier error); `timeout` / `cancelled` (stopped by {@link ExecuteOptions}); `died` (the kernel exited).
 */
export type ExecutionStatus = 'ok' | 'error' | 'aborted' | 'timeout' | 'cancelled' | 'died';

/** The result of {@link TslabKernel.execute}. */
export interface ExecutionResult {
  status: ExecutionStatus;
  /** The cell's outputs in nbformat 4 shape, consecutive stream chunks merged. */
  outputs: NbOutput[];
  /** The kernel's execution counter for this cell, when it reported one. */
  executionCount: number | null;
  /** For any status but `ok`: what went wrong, in words (tslab's error text, the timeout, the exit code). */
  error?: string;
}

/** How the kernel process ended. */
export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last part of what the kernel process itself wrote to stdout and stderr. */
  log: string;
}

/** The kernel failed to start or was used after it stopped. */
export class KernelError extends Error {
  override name = 'KernelError';
}

interface Waiter {
  onReply(message: JupyterMessage): void;
  onIopub(message: JupyterMessage): void;
  onExit(exit: KernelExit): void;
}

const live = new Set<TslabKernel>();
/** After an interrupt, the next cell waits this long, so a late SIGINT cannot stop it. */
const INTERRUPT_QUIET_MS = 1000;
let exitHookInstalled = false;

/** A running tslab kernel. Executions are queued: one cell runs at a time, in call order. */
export class TslabKernel {
  private readonly codec: WireCodec;
  private readonly shell = new Dealer({ linger: 0 });
  private readonly control = new Dealer({ linger: 0 });
  private readonly iopub = new Subscriber({ linger: 0 });
  private readonly waiters = new Map<string, Waiter>();
  private queue: Promise<unknown> = Promise.resolve();
  private lastErrorAt = 0;
  private lastInterruptAt = 0;
  private log = '';
  private exitInfo: KernelExit | undefined;
  private readonly exitPromise: Promise<KernelExit>;

  private constructor(
    private readonly child: ChildProcess,
    info: ConnectionInfo,
    private readonly connectionFile: string,
  ) {
    this.codec = new WireCodec(info.key);
    const keepLog = (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-8000));
    child.stdout?.on('data', keepLog);
    child.stderr?.on('data', keepLog);
    this.exitPromise = new Promise((resolve) => {
      const ended = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.exitInfo) return;
        this.exitInfo = { code, signal, log: this.log };
        // Whatever the kernel started (its watchdog, a cell's child processes) goes with it.
        killProcessGroup(child);
        this.cleanUp();
        for (const w of [...this.waiters.values()]) w.onExit(this.exitInfo);
        resolve(this.exitInfo);
      };
      child.once('exit', ended);
      child.once('error', (e) => {
        this.log += `\n${e.message}`;
        ended(null, null);
      });
    });
    const address = (port: number) => `${info.transport}://${info.ip}:${port}`;
    this.iopub.subscribe();
    this.iopub.connect(address(info.iopub_port));
    this.shell.connect(address(info.shell_port));
    this.control.connect(address(info.control_port));
    void this.listen(this.shell, (m) => this.waiters.get(m.parent_header.msg_id ?? '')?.onReply(m));
    void this.listen(this.control, (m) => this.waiters.get(m.parent_header.msg_id ?? '')?.onReply(m));
    void this.listen(this.iopub, (m) => this.waiters.get(m.parent_header.msg_id ?? '')?.onIopub(m));
    live.add(this);
    installExitHook();
  }

  /**
   * Starts a tslab kernel and waits until it answers (a start takes ~1.2 s).
   * @param options the kernel's folder, and optionally the tslab executable and environment
   * @returns the running kernel
   * @throws KernelError when tslab cannot be found, exits during start-up or does not answer in time
   * @example
   * const kernel = await TslabKernel.start({ cwd: 'notebooks' });
   * const { status, outputs } = await kernel.execute('1 + 1', { timeoutMs: 60_000 });
   * await kernel.shutdown();
   */
  static async start(options: KernelStartOptions): Promise<TslabKernel> {
    const cwd = resolvePath(options.cwd);
    const tslabPath = options.tslabCommand ?? options.tslabPath ?? findTslab(cwd);
    if (!tslabPath) {
      throw new KernelError(
        `tslab not found: no node_modules/.bin/tslab in ${cwd} or above (run npm install)`,
      );
    }
    for (let attempt = 1; ; attempt++) {
      const { info, path } = await writeConnectionFile();
      const child = spawnKernel(tslabPath, path, cwd, { ...process.env, ...options.env });
      const kernel = new TslabKernel(child, info, path);
      try {
        await kernel.handshake(options.startTimeoutMs ?? 60_000);
        return kernel;
      } catch (e) {
        kernel.kill();
        // tslab answers a request that arrives while zeromq still binds its sockets with EBUSY, and its
        // message loop dies on it: that process never answers again, a fresh one (new ports) does.
        if (!kernel.log.includes(BIND_RACE) || attempt === START_ATTEMPTS) throw e;
      }
    }
  }

  /** The kernel's process id (also its process group id). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the kernel process is still running. */
  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  /** Resolves when the kernel process has ended, however it ended. */
  get exited(): Promise<KernelExit> {
    return this.exitPromise;
  }

  /**
   * Runs one cell (执行单元格) and collects its outputs. Never rejects: failures come back as a status
   * with an error text, so a caller can name the cell.
   * @param code the cell's TypeScript source
   * @param options output callback, timeout and cancellation
   * @returns the status, the outputs in nbformat 4 shape and the execution count
   * @example const r = await kernel.execute('console.log(42)'); // r.outputs[0].text === '42\n'
   */
  execute(code: string, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    const run = this.queue.then(() => this.runUnlessAborted(code, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Interrupts the running cell (SIGINT; tslab stops a cell that is awaiting, not one in a busy loop). */
  interrupt(): void {
    if (!this.alive) return;
    this.lastInterruptAt = Date.now();
    this.child.kill('SIGINT');
  }

  /** Asks the kernel to shut down, then kills its process group if it has not exited within a second. */
  async shutdown(): Promise<void> {
    if (!this.alive) return void this.cleanUp();
    try {
      await this.control.send(this.codec.encode(this.codec.request('shutdown_request', { restart: false })));
    } catch {
      // The socket may already be closing; the kill below still stops the kernel.
    }
    const timer = new Promise((r) => setTimeout(r, 1000).unref());
    await Promise.race([this.exitPromise, timer]);
    this.kill();
    await this.exitPromise;
  }

  /** Kills the kernel's whole process group at once (no grace period). */
  kill(): void {
    killProcessGroup(this.child);
    if (!this.alive) this.cleanUp();
  }

  /**
   * tslab aborts requests that arrive within 200 ms of an error, measured on its own (possibly lagging) clock:
   * a cell it aborted never ran, so it is sent again, a few times.
   */
  private async runUnlessAborted(code: string, options: ExecuteOptions): Promise<ExecutionResult> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.run(code, options);
      if (result.status !== 'aborted' || attempt === 4) return result;
      await new Promise((r) => setTimeout(r, 300 * attempt));
    }
  }

  private async run(code: string, options: ExecuteOptions): Promise<ExecutionResult> {
    if (this.exitInfo) {
      return {
        status: 'died',
        outputs: [],
        executionCount: null,
        error: describeExit(this.exitInfo, 'before the cell ran'),
      };
    }
    const sinceError = Date.now() - this.lastErrorAt;
    if (sinceError < 250) await new Promise((r) => setTimeout(r, 250 - sinceError));
    // A SIGINT that reaches a loaded kernel late would stop this cell instead of the one it was sent to.
    const sinceInterrupt = Date.now() - this.lastInterruptAt;
    if (sinceInterrupt < INTERRUPT_QUIET_MS)
      await new Promise((r) => setTimeout(r, INTERRUPT_QUIET_MS - sinceInterrupt));
    const collector = new OutputCollector(options.onOutput);
    const request = this.codec.request('execute_request', {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    return new Promise<ExecutionResult>((resolve) => {
      let reply: JupyterMessage | undefined;
      let idle = false;
      let stopping: 'timeout' | 'cancelled' | undefined;
      let repeat: NodeJS.Timeout | undefined;
      const timers: NodeJS.Timeout[] = [];
      const finish = (status: ExecutionStatus, error?: string) => {
        if (!this.waiters.delete(request.header.msg_id)) return;
        timers.forEach(clearTimeout);
        options.signal?.removeEventListener('abort', onAbort);
        const count = reply?.content.execution_count;
        const result: ExecutionResult = {
          status,
          outputs: collector.outputs,
          executionCount: typeof count === 'number' ? count : null,
        };
        if (error !== undefined) result.error = error;
        resolve(result);
      };
      const settle = () => {
        if (!reply || !idle) return;
        const status = String(reply.content.status);
        if (status !== 'ok') this.lastErrorAt = Date.now();
        if (stopping) finish(stopping, stopMessage(stopping, options.timeoutMs, true));
        else if (status === 'ok') finish('ok');
        else if (status === 'abort' || status === 'aborted')
          finish('aborted', 'tslab aborted the cell (it arrived too soon after an error)');
        else finish('error', errorText(reply, collector));
      };
      const stop = (kind: 'timeout' | 'cancelled') => {
        if (stopping) return;
        stopping = kind;
        this.interrupt();
        // A SIGINT that lands while tslab is still compiling the cell is lost (tslab renews its interrupt
        // promise), so it is repeated until the cell replies or the grace period ends.
        repeat = setInterval(() => this.interrupt(), 400);
        timers.push(repeat);
        const grace = setTimeout(() => {
          this.kill();
          finish(kind, stopMessage(kind, options.timeoutMs, false));
        }, options.interruptGraceMs ?? 3000);
        timers.push(grace);
      };
      const onAbort = () => stop('cancelled');
      this.waiters.set(request.header.msg_id, {
        onReply: (m) => {
          reply = m;
          clearInterval(repeat); // the cell has stopped: no more SIGINTs
          settle();
          // The idle status travels on another socket; do not wait for it forever.
          timers.push(setTimeout(() => ((idle = true), settle()), 2000));
        },
        onIopub: (m) => {
          if (m.header.msg_type === 'status' && m.content.execution_state === 'idle') {
            idle = true;
            settle();
          } else collector.add(m);
        },
        onExit: (exit) => {
          if (stopping) finish(stopping, stopMessage(stopping, options.timeoutMs, false));
          else finish('died', describeExit(exit, 'while the cell ran') + stderrSuffix(collector));
        },
      });
      if (options.timeoutMs !== undefined) timers.push(setTimeout(() => stop('timeout'), options.timeoutMs));
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
      this.shell
        .send(this.codec.encode(request))
        .catch((e: Error) => finish('died', `could not send the cell: ${e.message}`));
    });
  }

  /** Sends kernel_info_request until the reply and its iopub status both arrived (iopub joins late in ZeroMQ). */
  private handshake(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const ids: string[] = [];
      let replied = false;
      let published = false;
      const done = (error?: Error) => {
        clearInterval(resend);
        clearTimeout(deadline);
        ids.forEach((id) => this.waiters.delete(id));
        if (error) reject(error);
        else resolve();
      };
      const check = () => replied && published && done();
      const send = () => {
        const request = this.codec.request('kernel_info_request', {});
        ids.push(request.header.msg_id);
        this.waiters.set(request.header.msg_id, {
          onReply: () => ((replied = true), check()),
          onIopub: () => ((published = true), check()),
          onExit: (exit) => done(new KernelError(describeExit(exit, 'during start-up'))),
        });
        this.shell.send(this.codec.encode(request)).catch(() => undefined);
      };
      const resend = setInterval(() => {
        if (this.log.includes(BIND_RACE)) {
          done(new KernelError(`tslab kernel failed while binding its sockets${logSuffix(this.log)}`));
        } else send();
      }, 1000);
      const deadline = setTimeout(
        () =>
          done(new KernelError(`tslab kernel did not answer within ${timeoutMs} ms${logSuffix(this.log)}`)),
        timeoutMs,
      );
      send();
    });
  }

  private async listen(socket: Dealer | Subscriber, route: (m: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        const message = this.codec.decode(frames);
        if (message) route(message);
      }
    } catch {
      // Closing the socket ends the loop.
    }
  }

  private cleanUp(): void {
    live.delete(this);
    for (const s of [this.shell, this.control, this.iopub]) if (!s.closed) s.close();
    removeConnectionFile(this.connectionFile);
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // No kernel outlives its client, whatever way the client's process ends normally.
  process.once('exit', () => {
    for (const k of [...live]) k.kill();
  });
}

function errorText(reply: JupyterMessage, collector: OutputCollector): string {
  const errors = collector.outputs.filter((o): o is NbErrorOutput => o.output_type === 'error');
  const fromReply = reply.content.ename
    ? `${String(reply.content.ename)}: ${String(reply.content.evalue ?? '')}`
    : '';
  const text =
    errors.map((e) => `${e.ename}: ${e.evalue}`).join('\n') || fromReply || collector.stderr().trim();
  return withoutKernelFrames(text) || 'the cell failed without an error message';
}

/** Drops stack frames inside tslab and Node's vm: they are the same for every cell and hide the cell's own. */
function withoutKernelFrames(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s+at .*(node:vm|node:internal|tslab[\\/]dist|sigintHandlersWrap)/.test(line))
    .join('\n')
    .trim();
}

function describeExit(exit: KernelExit, when: string): string {
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
  return `the kernel exited (${how}) ${when}${logSuffix(exit.log)}`;
}

function stopMessage(
  kind: 'timeout' | 'cancelled',
  timeoutMs: number | undefined,
  interrupted: boolean,
): string {
  const what = kind === 'timeout' ? `the cell ran longer than ${timeoutMs} ms` : 'the cell was cancelled';
  return interrupted ? `${what}; it was interrupted` : `${what}; the kernel was stopped`;
}

function stderrSuffix(collector: OutputCollector): string {
  const text = collector.stderr().trim();
  return text ? `\n${text}` : '';
}

/** What zeromq tells tslab when a message comes while a socket is still being bound (a start-up race). */
const BIND_RACE = 'Socket is blocked by a bind or unbind operation';

/** Kernel processes tried before a start gives up on that race. */
const START_ATTEMPTS = 3;

function logSuffix(log: string): string {
  const text = log.trim();
  return text ? `:\n${text.slice(-2000)}` : '';
}
