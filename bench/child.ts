import { spawnSync } from 'node:child_process';

/**
 * Runs one measurement in its own Node process (so its peak memory is its own) and returns the JSON it
 * printed on its last line of stdout, or why it did not: "did not finish in N s", "out of memory (heap limit
 * N MB)", "killed by SIGKILL (out of memory?)" or the error's last line. The child's stderr is passed on.
 * @param script the benchmark file, run with `--import tsx`
 * @param args its arguments (typically `--one <contender> <data file>`)
 * @param timeoutMs the time limit of the run
 * @param heapMb the child's V8 heap limit
 * @param echoStderr pass the child's stderr on (progress, warnings); its reason for failing is read from it either way
 * @example const r = measureInChild<{ ms: number }>(__filename, ['--one', 'duckdb-2', csv], 300_000);
 */
export function measureInChild<T extends object>(
  script: string,
  args: string[],
  timeoutMs: number,
  heapMb = 12_000,
  echoStderr = true,
): T | { error: string } {
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, '--import', 'tsx', script, ...args],
    {
      timeout: timeoutMs,
      maxBuffer: 1 << 20,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr = child.stderr ?? '';
  if (stderr && echoStderr) process.stderr.write(stderr);
  if (child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    return { error: `did not finish in ${timeoutMs / 1000} s` };
  }
  if (/heap out of memory|Allocation failed|Invalid array length|Invalid string length/.test(stderr)) {
    return { error: `out of memory (heap limit ${heapMb} MB)` };
  }
  if (child.signal)
    return { error: `killed by ${child.signal}${child.signal === 'SIGKILL' ? ' (out of memory?)' : ''}` };
  const lines = (child.stdout ?? '').trim().split('\n');
  if (child.status !== 0 || child.error) {
    return { error: child.error?.message ?? reasonIn(stderr) ?? `exit code ${child.status}` };
  }
  try {
    return JSON.parse(lines[lines.length - 1]) as T;
  } catch {
    return { error: `no measurement in its output: ${lines[lines.length - 1].slice(0, 200)}` };
  }
}

/** The error line of a crashed child's stderr (the thrown error's message, not Node's closing version line). */
function reasonIn(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim());
  return (
    lines.filter((l) => /\b\w*Error\b/.test(l) && !l.startsWith('at ')).pop() ?? lines.filter(Boolean).pop()
  );
}
