import { load } from '../../kernel-lib/src/io/load.js';

/**
 * Child process of bigfiles.test.ts: loads one file and prints one JSON line with the outcome, the
 * progress calls, the RSS growth and the peak RSS, so memory is measured in a process of its own.
 * Usage: `node --import tsx bigLoadChild.ts <path> load|cancel [types as JSON]`
 */

interface Outcome {
  rows?: number;
  /** Distinct user ids, read from the loaded user_id column (a check that ids were interned right). */
  users?: number;
  error?: { name: string; message: string };
  progress: { calls: number; monotone: boolean; last: number; total: number };
  rssGrowthMB: number;
  /** Peak resident set of the whole child (Linux VmHWM), including Node and tsx themselves. */
  peakRssMB: number;
  seconds: number;
}

/** The process's peak resident set in MB, from /proc (sampling RSS between chunks would miss peaks). */
async function peakRssMB(): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function main(path: string, mode: string, types?: string): Promise<void> {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  let peak = before;
  const progress = { calls: 0, monotone: true, last: 0, total: 0 };
  const controller = new AbortController();
  const out: Outcome = { progress, rssGrowthMB: 0, peakRssMB: 0, seconds: 0 };
  try {
    const t = await load(path, {
      table: 'orders',
      types: types ? (JSON.parse(types) as Record<string, 'string'>) : undefined,
      signal: controller.signal,
      onProgress: (read, total) => {
        if (read < progress.last || total !== (progress.total || total)) progress.monotone = false;
        progress.calls++;
        progress.last = read;
        progress.total = total;
        peak = Math.max(peak, process.memoryUsage().rss);
        if (mode === 'cancel' && progress.calls === 2) controller.abort();
      },
    });
    out.rows = t.numRows();
    const ids = t.column('user_id') as unknown as { dictionary?: { size: number } };
    out.users = ids.dictionary?.size;
  } catch (err) {
    out.error = { name: (err as Error).name, message: (err as Error).message };
  }
  out.seconds = Math.round((performance.now() - started) / 100) / 10;
  peak = Math.max(peak, process.memoryUsage().rss);
  out.rssGrowthMB = Math.round((peak - before) / 2 ** 20);
  out.peakRssMB = await peakRssMB();
  console.log(JSON.stringify(out));
}

void main(process.argv[2], process.argv[3], process.argv[4]);
