import type { TimeZone } from '../../time/zone.js';
import type { WallClock } from '../values/timestamp.js';

// A local copy: an imported binding is a property load per row once compiled to CommonJS.
const DAY = 86_400_000;
/** Zone names with one offset all year (as `TimeZone` and `WallClock` read them). */
const FIXED_ZONE = /^(?:UTC|Etc\/UTC|GMT|Z)$|^(?:UTC|GMT)?[+-]\d{2}:?\d{2}$/;

/**
 * Wall-clock times (a Parquet TIMESTAMP without a zone, as wall-clock ms) to UTC ms in the load's time
 * zone, the way a CSV `2016-10-01 12:30:00` is read: the zone's offset per local day, cached, and the
 * CSV path's own rule ({@link WallClock.toMs}) on days a DST change falls near.
 */
export class WallClockToUtc {
  /** Offset per local day; NaN marks a day near a transition. */
  private readonly offsets = new Map<number, number>();
  /** The offset of a zone that has one offset (UTC, `+08:00`), else NaN. */
  private readonly fixed: number;
  private lastDay = NaN;
  private lastOffset = NaN;

  constructor(private readonly clock: WallClock) {
    this.fixed = FIXED_ZONE.test(clock.zone.name) ? clock.zone.offsetAt(0) : NaN;
  }

  /**
   * @param wall wall-clock ms (the time read as if it were UTC)
   * @returns the UTC ms of that local time
   */
  toUtc(wall: number): number {
    if (this.fixed === this.fixed) return wall - this.fixed;
    const day = Math.floor(wall / DAY);
    // Rows sorted by time repeat the day: one comparison instead of a Map lookup.
    let offset = day === this.lastDay ? this.lastOffset : this.offsets.get(day);
    if (offset === undefined) {
      const zone: TimeZone = this.clock.zone;
      const before = zone.offsetAt(day * DAY - 2 * DAY);
      offset = before === zone.offsetAt(day * DAY + 3 * DAY) ? before : NaN;
      this.offsets.set(day, offset);
    }
    this.lastDay = day;
    this.lastOffset = offset;
    if (offset === offset) return wall - offset;
    return this.clock.wallToMs(wall);
  }
}
