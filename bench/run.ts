/**
 * `npm run bench`: every benchmark in one run, so the figures are ratios measured under the same conditions.
 * Load, RFM and the monthly cohort matrix against DuckDB (1 and 2 threads), idiomatic arquero and a plain
 * typed-array loop; the SQL engines over Parquet. Sizes default to 1M and 10M rows (`--sizes 1000000,…`);
 * `--sql-sizes` adds the DuckDB runs (default 1M,10M; 100M takes minutes and ~2 GB of Parquet).
 * Run it alone on the machine (`flock /tmp/cpu.lock npm run bench`): the contenders share two cores.
 */
import { benchCohort, printCohortBench } from './cohort.js';
import { benchLoad, formatLoadTable } from './load.js';
import { benchRfm, printRfmBench } from './rfm.js';
import { benchSql, printSqlBench } from './sql.js';

function sizesOf(flag: string, fallback: number[]): number[] {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1].split(',').map(Number) : fallback;
}

async function main(): Promise<void> {
  const sizes = sizesOf('--sizes', [1_000_000, 10_000_000]);
  const sqlSizes = sizesOf('--sql-sizes', [1_000_000, 10_000_000]);
  console.log(`# Fupan benchmarks (${new Date().toISOString()}, ${sizes.join(', ')} rows)\n`);
  console.log('## Load a CSV\n');
  console.log(formatLoadTable(await benchLoad({ sizes, verbose: false })));
  for (const rows of sizes) {
    console.log(`\n## RFM, ${rows.toLocaleString('en-US')} rows\n`);
    printRfmBench(await benchRfm(rows));
    console.log(`\n## Monthly cohort matrix, ${rows.toLocaleString('en-US')} rows\n`);
    printCohortBench(await benchCohort(rows));
  }
  console.log('\n## SQL engines over Parquet\n');
  printSqlBench(await benchSql(sqlSizes));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
