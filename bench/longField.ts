/**
 * Long-record benchmark (issue 21, item 15): time to load a CSV whose one row holds a single field of N MB
 * (quoted, with line ends inside, as a pasted document would be), against a file of the same size made of
 * ordinary short rows, in one run. A tokenizer linear in the record's length loads both at about the same
 * bytes per second; one that re-reads the record per 2 MiB chunk falls behind quadratically.
 *
 * Usage: `flock /tmp/cpu.lock tsx bench/longField.ts [MB …]` (default 50 and 200). Loads from the sources
 * (tsx), in this process, one size after the other.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '../kernel-lib/src/io/load.js';

const MB = 1 << 20;

function longFieldFile(path: string, mb: number): void {
  const line = 'lorem ipsum dolor sit amet, "quoted" words\n'.replace(/"/g, '""');
  const body = line.repeat(Math.ceil((mb * MB) / line.length));
  writeFileSync(path, `user_id,note\nu1,"${body}"\n`);
}

function shortRowsFile(path: string, mb: number): void {
  const rows: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < mb * MB; i++) {
    const row = `u${i % 100_000},note number ${i}\n`;
    rows.push(row);
    bytes += row.length;
  }
  writeFileSync(path, `user_id,note\n${rows.join('')}`);
}

async function seconds(path: string): Promise<number> {
  const t0 = performance.now();
  await load(path, { types: { note: 'string' } });
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const dir = mkdtempSync(join(tmpdir(), 'fupan-longfield-'));
  try {
    console.log('| field MB | one long field (s) | short rows, same size (s) | ratio |');
    console.log('| ---: | ---: | ---: | ---: |');
    for (const mb of sizes.length ? sizes : [50, 200]) {
      const long = join(dir, `long-${mb}.csv`);
      const short = join(dir, `short-${mb}.csv`);
      longFieldFile(long, mb);
      shortRowsFile(short, mb);
      const a = await seconds(long);
      const b = await seconds(short);
      console.log(`| ${mb} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(a / b).toFixed(2)} |`);
      rmSync(long);
      rmSync(short);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
