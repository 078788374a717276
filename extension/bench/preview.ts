/**
 * Segment preview benchmark (VS Code extension): time to first segment summary when previewing a CSV of
 * N transactions — the extension host's own code path, `load()` then `computePreview()` (RFM with quantile
 * thresholds + the 8-segment summary) — then a strategy switch and the first window of user rows, as the
 * webview asks for them. Target: first summary in under 3 s for 1M rows on this machine. Wall and CPU time
 * are both reported, with the load average: on a shared 2-core machine wall time includes waiting for a core.
 *
 * Usage: `flock /tmp/cpu.lock npx tsx extension/bench/preview.ts [rows]` (after `npm run build -w @fupan/kernel-lib`) (default 1000000). Writes
 * `extension/bench/results/preview-<rows>.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { load, readCsvHeader } from '@fupan/kernel-lib';
import { guessLoadChoices, rowsWithoutUser } from '../src/preview/previewLoad.js';
import { computePreview } from '../src/preview/previewSession.js';
import { generateTransactions } from '../../bench/gen.js';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const { csv } = await generateTransactions({ rows });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // As the panel does: the header guess, the load with it, the count of rows without a customer id.
  const choices = guessLoadChoices(await readCsvHeader(csv)) ?? {};
  const orders = await load(csv, { table: 'orders', ...choices });
  if (rowsWithoutUser(orders) !== 0) throw new Error('the benchmark data has rows without a user id');
  const t1 = performance.now();
  const cpu1 = process.cpuUsage(cpu0);
  const first = computePreview(orders, 'transactions.csv', 'quantile');
  const t2 = performance.now();
  const cpu2 = process.cpuUsage(cpu0);
  computePreview(orders, 'transactions.csv', 'mean');
  const t3 = performance.now();
  const window = first.users.rows(null, null, 0, 60);
  const t4 = performance.now();
  first.users.rows('importantValue', { column: 'monetary', descending: true }, 0, 60);
  const t5 = performance.now();
  const result = {
    rows,
    users: first.summary.users,
    loadMs: Math.round(t1 - t0),
    rfmAndSummaryMs: Math.round(t2 - t1),
    firstSummaryMs: Math.round(t2 - t0),
    strategySwitchMs: Math.round(t3 - t2),
    firstRowWindowMs: Math.round(t4 - t3),
    sortedSegmentWindowMs: Math.round(t5 - t4),
    // CPU time of this process: on a shared machine wall time also counts other people's work.
    loadCpuMs: Math.round((cpu1.user + cpu1.system) / 1000),
    firstSummaryCpuMs: Math.round((cpu2.user + cpu2.system) / 1000),
    targetMs: 3000,
    loadAverage: os.loadavg()[0].toFixed(1),
    peakRssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
  if (window.length !== Math.min(60, first.summary.users)) throw new Error('row window has the wrong length');
  console.table([result]);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `preview-${rows}.json`), JSON.stringify(result, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
