import { parseCsv } from '@fupan/kernel-lib';

/**
 * The time zone a new notebook starts with (时区), from the user's data: when the timestamps carry their own
 * UTC offset (`2024-03-01T10:00:00+08:00`, `…Z`), that offset; else none, and the scaffold asks with UTC
 * preselected. Never a template sample's zone.
 */

const OFFSET = /(?:\d(Z)|[+-]\d{2}:?\d{2})$/i;

/**
 * The one offset a column of timestamps carries, in `TimeZone.of` form (`UTC`, `+08:00`).
 * @param values sample timestamp texts (blanks are skipped)
 * @returns the offset every sample carries, or undefined when some carry none or they differ (e.g. summer time)
 * @example zoneOfTimestamps(['2024-01-01T08:00:00+0800', '2024-01-02 09:00:00+08:00']) // '+08:00'
 */
export function zoneOfTimestamps(values: readonly string[]): string | undefined {
  let zone: string | undefined;
  let seen = 0;
  for (const raw of values) {
    const value = raw.trim();
    if (value === '') continue;
    const m = OFFSET.exec(value);
    if (!m || !/\d[T ]\d|^\d{4}-\d{2}-\d{2}.*\d{2}:\d{2}/.test(value)) return undefined;
    const offset = m[1] ? 'UTC' : normalise(m[0]);
    if (zone !== undefined && offset !== zone) return undefined;
    zone = offset;
    seen++;
  }
  return seen > 0 ? zone : undefined;
}

/** `+0800` / `+08:00` → `+08:00`, `+00:00` → `UTC`. */
function normalise(offset: string): string {
  const digits = offset.replace(':', '');
  const text = `${digits.slice(0, 3)}:${digits.slice(3, 5)}`;
  return text === '+00:00' || text === '-00:00' ? 'UTC' : text;
}

/**
 * The values of one column in the first rows of a CSV / TSV file, from its first bytes (the last, possibly
 * cut, line is left out).
 * @param head the file's first bytes (decompressed), e.g. from `headOf`
 * @param header the column's header
 * @param delimiter the field delimiter
 * @returns up to 200 values; empty when the header is not in the first row
 */
export function columnSample(head: Uint8Array, header: string, delimiter = ','): string[] {
  const end = head.lastIndexOf(10);
  if (end < 0) return [];
  let rows: string[][];
  try {
    rows = parseCsv(head.subarray(0, end + 1), { delimiter });
  } catch {
    return [];
  }
  const index = (rows[0] ?? []).map((h) => h.trim()).indexOf(header);
  if (index < 0) return [];
  return rows.slice(1, 201).map((r) => r[index] ?? '');
}
