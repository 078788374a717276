/**
 * The sanity check that makes a comparison fair: on a small file every contender must give kernel-lib's
 * answer (same user count, same total money to the cent, same checksum), or its times measure other work.
 */
import type { BenchRow } from './harness.js';

/** Whether `row` gives the same answer as `reference`; the reason when it does not. */
export function disagreement(row: BenchRow, reference: BenchRow): string | null {
  if (row.error) return row.error;
  if (row.checksum !== reference.checksum) return `checksum ${row.checksum} ≠ ${reference.checksum}`;
  if (row.users !== undefined && reference.users !== undefined && row.users !== reference.users) {
    return `users ${row.users} ≠ ${reference.users}`;
  }
  if (row.money !== undefined && reference.money !== undefined) {
    // Sums of cents in a different order differ in the last bits only: compared to the cent.
    const [a, b] = [Math.round(row.money * 100), Math.round(reference.money * 100)];
    if (a !== b) return `money ${(a / 100).toFixed(2)} ≠ ${(b / 100).toFixed(2)}`;
  }
  return null;
}

/**
 * A markdown table of each contender's answer against kernel-lib's.
 * @example console.log(formatAgreement(await benchRfm(100_000, ['kernel-lib', 'danfojs']), 'RFM'));
 */
export function formatAgreement(rows: readonly BenchRow[], metric: string): string {
  const reference = rows.find((r) => r.contender === 'kernel-lib');
  const lines = [
    `${metric}, ${rows[0]?.rows.toLocaleString('en')} rows: answers against kernel-lib's`,
    '',
    '| contender | users | money | checksum | agrees |',
    '| --- | ---: | ---: | --- | --- |',
  ];
  for (const r of rows) {
    const why = reference ? disagreement(r, reference) : 'kernel-lib did not run';
    lines.push(
      `| ${r.contender} | ${r.users ?? '—'} | ${r.money === undefined ? '—' : r.money.toFixed(2)} | ${
        r.checksum || '—'
      } | ${why === null ? 'yes' : `NO: ${why}`} |`,
    );
  }
  return lines.join('\n');
}
