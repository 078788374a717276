import { execFileSync } from 'node:child_process';

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
