/**
 * `npm run bench`: every benchmark in one run, so the figures are ratios measured under the same conditions.
 * First a sanity check on 100k rows (danfojs and DuckDB give kernel-lib's answer, so the times compare the
 * same work); then load, RFM and the monthly cohort matrix against DuckDB (1 and 2 threads), idiomatic
 * arquero, idiomatic danfojs (installed on demand into `bench/peers/`) and a plain typed-array loop; the
 * targets of issue 2 judged on those figures; the SQL engines over Parquet; the CLV summary (against DuckDB) and
 * the BG/NBD fit. Sizes default to 1M and 10M rows
 * (`--sizes 1000000,…`); `--sql-sizes` sets the DuckDB-over-Parquet runs (default 1M,10M); `--skip danfojs,…`
 * leaves contenders out after the 100k sanity check (the report says so in their rows).
 *
 * The report is printed and written to `bench/results/<date>.md`.
 * Run it alone on the machine (`flock /tmp/cpu.lock npm run bench`): the contenders share two cores.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { formatAgreement } from './agreement.js';
import { benchClv, formatClvBench, type ClvBenchRow } from './clv.js';
import { benchCohort } from './cohort.js';
import { ensurePeersInstalled } from './danfo.js';
import { formatBench, withoutRepeatedFailures } from './harness.js';
import { benchLoad, formatLoadTable, LOAD_CONTENDERS } from './load.js';
import { benchParquet, formatParquetBench } from './parquet.js';
import { benchRfm } from './rfm.js';
import { benchSql, formatSqlBench } from './sql.js';
import { checkTargets, formatTargets, type TargetCheck } from './targets.js';

/** Rows of the sanity check's file: small enough for every contender. */
const SANITY_ROWS = 100_000;

function listOf(flag: string): string[] | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1].split(',') : undefined;
}

function sizesOf(flag: string, fallback: number[]): number[] {
  return listOf(flag)?.map(Number) ?? fallback;
}

/** Where the report goes: `bench/results/2026-11-23-1910.md` (one file per run, never overwritten within a minute's runs). */
function reportPath(start: Date): string {
  const stamp = start.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  return resolve(__dirname, 'results', `${stamp}.md`);
}

async function main(): Promise<void> {
  const sizes = sizesOf('--sizes', [1_000_000, 10_000_000]);
  const sqlSizes = sizesOf('--sql-sizes', [1_000_000, 10_000_000]);
  const start = new Date();
  const report: string[] = [];
  const emit = (text: string) => {
    console.log(text);
    report.push(text);
  };
  ensurePeersInstalled();
  emit(
    `# Fupan benchmarks (${start.toISOString()}, ${sizes.map((n) => n.toLocaleString('en')).join(', ')} rows)\n`,
  );
  emit(
    `Node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
      'each contender in a child process of its own; times are wall times inside the child.\n',
  );

  emit(`## Same answers (${SANITY_ROWS.toLocaleString('en')} rows)\n`);
  const sanityRfm = await benchRfm(SANITY_ROWS, ['kernel-lib', 'duckdb-2', 'danfojs']);
  const sanityCohort = await benchCohort(SANITY_ROWS, ['kernel-lib', 'duckdb-2', 'danfojs']);
  emit(formatAgreement(sanityRfm, 'RFM') + '\n');
  emit(formatAgreement(sanityCohort, 'Monthly cohort matrix') + '\n');
  emit(formatBench(sanityRfm, 'RFM') + '\n');
  emit(formatBench(sanityCohort, 'Monthly cohort matrix') + '\n');

  emit('## Load a CSV\n');
  const skipped = listOf('--skip') ?? [];
  const load = await benchLoad({
    sizes,
    verbose: false,
    contenders: LOAD_CONTENDERS.filter((c) => !skipped.includes(c)),
  });
  emit(formatLoadTable(load) + '\n');
  const targets: TargetCheck[] = [];
  const skips = skipped.map((c): [string, string] => [c, 'left out with --skip']);
  const rfmFailures = new Map<string, string>(skips);
  const cohortFailures = new Map<string, string>(skips);
  for (const rows of sizes) {
    emit(`## RFM, ${rows.toLocaleString('en')} rows\n`);
    const rfm = await withoutRepeatedFailures(rows, rfmFailures, (c) => benchRfm(rows, c));
    emit(formatBench(rfm, 'RFM') + '\n');
    emit(`## Monthly cohort matrix, ${rows.toLocaleString('en')} rows\n`);
    const cohort = await withoutRepeatedFailures(rows, cohortFailures, (c) => benchCohort(rows, c));
    emit(formatBench(cohort, 'Monthly cohort matrix') + '\n');
    targets.push(...checkTargets({ rows, load, rfm, cohort }));
  }
  emit('## Targets (issue 2: set on 10M rows with string ids)\n');
  emit(formatTargets(targets) + '\n');

  emit(`## Load Parquet\n\n${formatParquetBench(await benchParquet(sqlSizes))}\n`);
  emit('## SQL engines over Parquet\n');
  emit(formatSqlBench(await benchSql(sqlSizes)) + '\n');
  emit('## CLV summary and BG/NBD fit (summary time against DuckDB-2)\n');
  const clv: ClvBenchRow[] = [];
  for (const rows of sizes) clv.push(await benchClv(rows));
  emit(formatClvBench(clv) + '\n');

  const path = reportPath(start);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, report.join('\n'));
  console.log(`report written to ${relative(process.cwd(), path)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
