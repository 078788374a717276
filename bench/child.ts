import { execFileSync } from 'node:child_process';

/**
 * Runs one measurement in its own Node process (so its peak memory is its own) and returns the JSON it
 * printed on its last line of stdout, or the reason it failed.
 * @param script the benchmark file, run with `--import tsx`
 * @param args its arguments (typically `--one <contender> <data file>`)
 * @param timeoutMs the time limit of the run
 * @param heapMb the child's V8 heap limit
 */
export function measureInChild<T extends object>(
  script: string,
  args: string[],
  timeoutMs: number,
  heapMb = 12_000,
): T | { error: string } {
  try {
    const stdout = execFileSync(
      process.execPath,
      [`--max-old-space-size=${heapMb}`, '--import', 'tsx', script, ...args],
      {
        timeout: timeoutMs,
        maxBuffer: 1 << 20,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!) as T;
  } catch (e) {
    const timedOut = (e as { signal?: string }).signal === 'SIGTERM';
    return {
      error: timedOut
        ? `did not finish in ${timeoutMs / 1000} s`
        : String((e as Error).message).split('\n')[0],
    };
  }
}
