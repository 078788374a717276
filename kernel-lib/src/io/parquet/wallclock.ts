import type { TimeZone } from '../../time/zone.js';
import type { WallClock } from '../values/timestamp.js';

// A local copy: an imported binding is a property load per row once compiled to CommonJS.
const DAY = 86_400_000;

/**
 * Wall-clock times (a Parquet TIMESTAMP without a zone, as wall-clock ms) to UTC ms in the load's time
 * zone, the way a CSV `2016-10-01 12:30:00` is read: the zone's offset per local day, cached, and the
 * CSV path's own rule ({@link WallClock.toMs}) on days a DST change falls near.
 */
export class WallClockToUtc {
  /** Offset per local day; NaN marks a day near a transition. */
  private readonly offsets = new Map<number, number>();

  constructor(private readonly clock: WallClock) {}

  /**
   * @param wall wall-clock ms (the time read as if it were UTC)
   * @returns the UTC ms of that local time
   */
  toUtc(wall: number): number {
    const day = Math.floor(wall / DAY);
    let offset = this.offsets.get(day);
    if (offset === undefined) {
      const zone: TimeZone = this.clock.zone;
      const before = zone.offsetAt(day * DAY - 2 * DAY);
      offset = before === zone.offsetAt(day * DAY + 3 * DAY) ? before : NaN;
      this.offsets.set(day, offset);
    }
    if (offset === offset) return wall - offset;
    const d = new Date(wall);
    return this.clock.toMs({
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      millis: d.getUTCMilliseconds(),
      offsetMinutes: NaN,
      evidence: 0,
    });
  }
}
