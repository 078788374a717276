import { SpecError } from '../errors.js';
import type { DataZones } from '../time/context.js';
import { TimeZone } from '../time/zone.js';
import type { SqlSource } from './engine.js';

/**
 * The zones SQL sources carry (their `timeZone`), checked, for `resolveTimeZone` as the in-memory
 * metrics take the zones of their tables.
 * @param sources the metric's sources by name (undefined ones are skipped)
 * @returns the zone of each source that names one
 * @example sourceZones({ events: { file: 'events.parquet', timeZone: 'Asia/Shanghai' } }) // { events: 'Asia/Shanghai' }
 */
export function sourceZones<T extends { [K in keyof T]?: SqlSource }>(sources: T): DataZones {
  const out: Record<string, string | undefined> = {};
  for (const [what, source] of Object.entries(sources as Record<string, SqlSource | undefined>)) {
    const zone = source?.timeZone;
    if (zone === undefined) continue;
    if (typeof zone !== 'string' || zone === '') {
      throw new SpecError(
        `${what} source timeZone`,
        zone,
        'an IANA zone such as "Asia/Shanghai", "UTC" or "+08:00"',
      );
    }
    TimeZone.of(zone);
    out[what] = zone;
  }
  return out;
}
