import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The connection file a Jupyter kernel is started with (ports, transport, signing key). */
export interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name: string;
}

/** Asks the OS for `count` distinct free TCP ports on 127.0.0.1 (held open together so they differ). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** A fresh connection file in its own temporary folder; returns the info and the file's path. */
export async function writeConnectionFile(): Promise<{ info: ConnectionInfo; path: string }> {
  const [shell, iopub, stdin, control, hb] = await freePorts(5);
  const info: ConnectionInfo = {
    transport: 'tcp',
    ip: '127.0.0.1',
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString('hex'),
    signature_scheme: 'hmac-sha256',
    kernel_name: 'tslab',
  };
  const dir = mkdtempSync(join(tmpdir(), 'fupan-kernel-'));
  const path = join(dir, 'connection.json');
  writeFileSync(path, JSON.stringify(info), { mode: 0o600 });
  return { info, path };
}

/** Removes a connection file written by {@link writeConnectionFile}, with its folder. */
export function removeConnectionFile(path: string): void {
  rmSync(dirname(path), { recursive: true, force: true });
}

/**
 * Preloaded into the kernel (`--require`): starts a watchdog in the kernel's process group that kills the
 * group once the kernel's client is gone — even killed by SIGKILL without shutting the kernel down, and even
 * while a cell blocks the kernel's event loop (which is why it is a separate process, not a timer).
 * It restores NODE_OPTIONS so node processes started by cells do not inherit the preload.
 */
const PARENT_WATCH = `'use strict';
const env = process.env;
if (env.FUPAN_KERNEL_PARENT_WATCH === '1') {
  delete env.FUPAN_KERNEL_PARENT_WATCH;
  if (env.FUPAN_KERNEL_NODE_OPTIONS) env.NODE_OPTIONS = env.FUPAN_KERNEL_NODE_OPTIONS;
  else delete env.NODE_OPTIONS;
  delete env.FUPAN_KERNEL_NODE_OPTIONS;
  const script = 'while kill -0 "$0" 2>/dev/null; do sleep 1; done; kill -9 "-$1"';
  require('child_process')
    .spawn('/bin/sh', ['-c', script, String(process.ppid), String(process.pid)], { stdio: 'ignore', env: { PATH: env.PATH } })
    .unref();
}
`;

/**
 * How to start tslab: its executable, or a program and the arguments that precede `kernel --config-path …`
 * (e.g. `[process.execPath, launcher.js, runtimeDir]` to run tslab from a runtime that is not on the path).
 */
export type TslabCommand = string | readonly [string, ...string[]];

/**
 * Starts `tslab kernel --config-path <file>` in its own process group (so everything it starts can be
 * killed at once) with stdout/stderr piped (an inherited stdout would stay open in an orphaned kernel), and
 * the parent watch preloaded so the kernel stops itself when its client dies.
 */
export function spawnKernel(
  tslab: TslabCommand,
  connectionFile: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): ChildProcess {
  const [program, ...prefix] = typeof tslab === 'string' ? [tslab] : tslab;
  const args = [...prefix, 'kernel', '--config-path', connectionFile];
  if (process.platform === 'win32') {
    return spawn(program, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  const watch = join(dirname(connectionFile), 'parent-watch.cjs');
  writeFileSync(watch, PARENT_WATCH);
  const nodeOptions = env.NODE_OPTIONS ?? '';
  return spawn(program, args, {
    cwd,
    env: {
      ...env,
      NODE_OPTIONS: `${nodeOptions} --require ${JSON.stringify(watch)}`.trim(),
      FUPAN_KERNEL_NODE_OPTIONS: nodeOptions,
      FUPAN_KERNEL_PARENT_WATCH: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

/** Kills a kernel's whole process group at once (SIGKILL); a no-op when it has already gone. */
export function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}
