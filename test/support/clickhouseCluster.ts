import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERVER = '/usr/sbin/clickhouse-server';
const INSTALL =
  'apt-get update && apt-get install -y --no-install-recommends clickhouse-server (or: bash .ci/system-packages)';

/** Two real ClickHouse servers on 127.0.0.1 acting as two shards of cluster `fupan_two_shards`. */
export interface ClickHouseCluster {
  /** HTTP URLs of shard 1 and shard 2. */
  urls: [string, string];
  cluster: string;
  /** The folder holding both servers' configs and data (removed by stop). */
  dir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function config(dir: string, http: number, tcp: number, interserver: number, shards: number[]): string {
  const replicas = shards
    .map((p) => `<shard><replica><host>127.0.0.1</host><port>${p}</port></replica></shard>`)
    .join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <interserver_http_port>${interserver}</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <mark_cache_size>5368709120</mark_cache_size>
  <users_config>/etc/clickhouse-server/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <remote_servers><fupan_two_shards>${replicas}</fupan_two_shards></remote_servers>
</yandex>`;
}

async function waitReady(url: string, proc: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`clickhouse-server exited with ${proc.exitCode}; see ${log}`);
    try {
      const res = await fetch(`${url}/ping`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`clickhouse-server did not answer on ${url} within 30 s; see ${log}`);
}

/**
 * Starts two clickhouse-server processes (Debian's package) on free 127.0.0.1 ports, each knowing both as
 * the shards of `fupan_two_shards`. Fails with the install command when the server is not installed.
 */
export async function startClickHouseCluster(): Promise<ClickHouseCluster> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} not found. Install it: ${INSTALL}`);
  const root = mkdtempSync(join(tmpdir(), 'fupan-ch-'));
  const ports = await Promise.all([0, 1, 2, 3, 4, 5].map(() => freePort()));
  const tcp = [ports[1], ports[4]];
  const procs: ChildProcess[] = [];
  const urls: string[] = [];
  for (let s = 0; s < 2; s++) {
    const dir = join(root, `shard${s + 1}`);
    for (const d of ['data', 'tmp', 'format_schemas']) mkdirSync(join(dir, d), { recursive: true });
    const file = join(dir, 'config.xml');
    writeFileSync(file, config(dir, ports[s * 3], ports[s * 3 + 1], ports[s * 3 + 2], tcp));
    const proc = spawn(SERVER, [`--config-file=${file}`], { cwd: dir, stdio: 'ignore', detached: true });
    procs.push(proc);
    urls.push(`http://127.0.0.1:${ports[s * 3]}`);
  }
  const stop = async () => {
    for (const p of procs) {
      if (p.exitCode === null && p.pid) {
        try {
          process.kill(-p.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await new Promise((r) => setTimeout(r, 100));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await Promise.all(urls.map((u, i) => waitReady(u, procs[i], join(root, `shard${i + 1}`, 'error.log'))));
  } catch (e) {
    await stop();
    throw e;
  }
  return { urls: urls as [string, string], cluster: 'fupan_two_shards', dir: root, stop };
}

/** Command lines of Fupan's test clickhouse-servers still running (tests check nothing is left behind). */
export function clickhouseProcesses(): string[] {
  try {
    return execFileSync('pgrep', ['-af', 'clickhouse-server --config-file=.*fupan-ch-'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}
