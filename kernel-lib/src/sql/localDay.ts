import { DAY, type TimeZone } from '../time/zone.js';
import type { SqlBuilder } from './dialect.js';

const HOUR = 3_600_000;
/** Beyond this many offset changes in the span, the engine's own time-zone lookup is used. */
const MAX_CHANGES = 64;

/**
 * The local calendar day (days since 1970-01-01 in `zone`) of epoch-ms expression `ms`, for instants known
 * to lie in `[fromMs, toMs]` (the data's observed span): `floor((ms + offset) / day)`, with the zone's
 * offsets in that span (found here, hour by hour as `TimeZone.offsetAt` does) as a CASE on `ms`. Per row
 * this is arithmetic, not the engine's time-zone lookup (on DuckDB ~1 µs a row, most of a 100M-row
 * cohort matrix). Offsets and change instants are bound values.
 * @param b the builder (its dialect gives the integer type)
 * @param ms an SQL expression of epoch milliseconds (Float64)
 * @param zone the analysis zone
 * @param span first and last instant of the data
 * @param fallback the dialect's `localDayOfMs` expression, used when the zone changes offset too often
 * @example localDayInSpan(b, 'ms', TimeZone.of('Europe/London'), { fromMs, toMs }, () => d.localDayOfMs('ms', tz))
 */
export function localDayInSpan(
  b: SqlBuilder,
  ms: string,
  zone: TimeZone,
  span: { fromMs: number; toMs: number },
  fallback: () => string,
): string {
  const changes = offsetChanges(zone, span.fromMs, span.toMs);
  if (changes === undefined) return fallback();
  let offset = b.bind(changes.first, 'Float64');
  // Nested from the last change back: CASE WHEN ms >= tN THEN oN ELSE (… CASE WHEN ms >= t1 THEN o1 ELSE o0 END) END.
  for (const c of changes.after)
    offset = `CASE WHEN ${ms} >= ${b.bind(c.atMs, 'Float64')} THEN ${b.bind(c.offset, 'Float64')} ELSE ${offset} END`;
  const day = `floor((${ms} + ${offset}) / ${DAY})`;
  return b.dialect.name === 'duckdb' ? `CAST(${day} AS BIGINT)` : `toInt64(${day})`;
}

/** The offset at `fromMs` and each change up to `toMs` (at the hour it takes effect), or undefined if too many. */
function offsetChanges(
  zone: TimeZone,
  fromMs: number,
  toMs: number,
): { first: number; after: { atMs: number; offset: number }[] } | undefined {
  const startHour = Math.floor(fromMs / HOUR) * HOUR;
  const first = zone.offsetAt(startHour);
  const after: { atMs: number; offset: number }[] = [];
  let current = first;
  // Zones change offset at most a few times a year: step a day, then find the hour.
  for (let t = startHour; t < toMs; t += DAY) {
    const next = Math.min(t + DAY, Math.floor(toMs / HOUR) * HOUR);
    if (zone.offsetAt(next) === current) continue;
    let lo = t; // offset `current` at lo, another at hi (both whole hours)
    let hi = next;
    while (hi - lo > HOUR) {
      const mid = lo + Math.floor((hi - lo) / 2 / HOUR) * HOUR;
      if (zone.offsetAt(mid) === current) lo = mid;
      else hi = mid;
    }
    current = zone.offsetAt(hi);
    after.push({ atMs: hi, offset: current });
    if (after.length > MAX_CHANGES) return undefined;
  }
  return { first, after };
}
