import { load } from '../../kernel-lib/src/io/load.js';

/**
 * Child process of bigfiles.test.ts: loads one file and prints one JSON line with the outcome, the
 * progress calls and the RSS growth, so memory is measured in a process of its own.
 * Usage: `node --import tsx bigLoadChild.ts <path> load|cancel [types as JSON]`
 */

interface Outcome {
  rows?: number;
  error?: { name: string; message: string };
  progress: { calls: number; monotone: boolean; last: number; total: number };
  rssGrowthMB: number;
}

async function main(path: string, mode: string, types?: string): Promise<void> {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const progress = { calls: 0, monotone: true, last: 0, total: 0 };
  const controller = new AbortController();
  const out: Outcome = { progress, rssGrowthMB: 0 };
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
  } catch (err) {
    out.error = { name: (err as Error).name, message: (err as Error).message };
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  out.rssGrowthMB = Math.round((peak - before) / 2 ** 20);
  console.log(JSON.stringify(out));
}

void main(process.argv[2], process.argv[3], process.argv[4]);
