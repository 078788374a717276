import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The processes still in a process group, as `ps` lists them (pid and command line). */
export function processesInGroup(pgid: number): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3 && Number(f[1]) === pgid)
    .map((f) => `${f[0]} ${f.slice(2).join(' ')}`);
}

/** Waits until a process group is empty (a killed process disappears from `ps` a moment later). */
export async function groupGone(pgid: number, withinMs = 5000): Promise<string[]> {
  const until = Date.now() + withinMs;
  let left = processesInGroup(pgid);
  while (left.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesInGroup(pgid);
  }
  return left;
}

/**
 * Processes whose environment holds `name=value` (read from /proc): a run's kernels and their children inherit
 * the environment, so a marker set on the runner finds everything it started, and nothing another run started.
 */
export function processesWithEnv(name: string, value: string): string[] {
  const wanted = `${name}=${value}`;
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (env.includes(wanted))
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
