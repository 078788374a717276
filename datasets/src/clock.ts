/**
 * Local wall-clock time of a fixed-offset zone. The synthetic platforms are Chinese (Asia/Shanghai,
 * UTC+08:00, no daylight saving since 1991), so a fixed offset is exact and needs no Intl lookups.
 */

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;

/** A zone with a fixed UTC offset, writing timestamps like `2017-03-06T09:30:00+08:00`. */
export class FixedZone {
  private readonly offsetMs: number;
  private readonly suffix: string;

  /** @param offsetMinutes minutes east of UTC (480 for Asia/Shanghai) */
  constructor(
    readonly name: string,
    offsetMinutes: number,
  ) {
    this.offsetMs = offsetMinutes * 60_000;
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    this.suffix = `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  }

  /** UTC ms of local midnight starting `YYYY-MM-DD`. */
  dayStart(isoDay: string): number {
    return Date.parse(`${isoDay}T00:00:00${this.suffix}`);
  }

  /** Local day number (days since 1970-01-01 local) of the instant `ms`. */
  dayOf(ms: number): number {
    return Math.floor((ms + this.offsetMs) / DAY_MS);
  }

  /** UTC ms of the start of local day number `day`. */
  startOfDay(day: number): number {
    return day * DAY_MS - this.offsetMs;
  }

  /** `YYYY-MM-DDTHH:mm:ss+08:00` of the instant `ms` (whole seconds). */
  timestamp(ms: number): string {
    const d = new Date(Math.floor(ms / 1000) * 1000 + this.offsetMs);
    return d.toISOString().slice(0, 19) + this.suffix;
  }

  /** `YYYY-MM-DD` local date of the instant `ms`. */
  date(ms: number): string {
    return new Date(ms + this.offsetMs).toISOString().slice(0, 10);
  }

  /** `YYYY-MM-DD` of local day number `day`. */
  dateOfDay(day: number): string {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Asia/Shanghai, the zone of both synthetic platforms. */
export const SHANGHAI = new FixedZone('Asia/Shanghai', 480);
