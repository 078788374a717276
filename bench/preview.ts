/**
 * Segment preview benchmark (VS Code extension): time to first segment summary when previewing a CSV of
 * N transactions — the extension host's own code path, `load()` then `computePreview()` (RFM with quantile
 * thresholds + the 8-segment summary) — then a strategy switch and the first window of user rows, as the
 * webview asks for them. Target: first summary in under 3 s for 1M rows on this machine.
 *
 * Usage: `flock /tmp/cpu.lock tsx bench/preview.ts [rows]` (default 1000000). Writes
 * `bench/results/preview-<rows>.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from '../kernel-lib/src/index.js';
import { computePreview } from '../extension/src/preview/previewSession.js';
import { generateTransactions } from './gen.js';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const { csv } = await generateTransactions({ rows });
  const t0 = performance.now();
  const orders = await load(csv, { table: 'orders' });
  const t1 = performance.now();
  const first = computePreview(orders, 'transactions.csv', 'quantile');
  const t2 = performance.now();
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
    targetMs: 3000,
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
