import { SpecError } from '../errors.js';

const HOUR = 3_600_000;
/** Milliseconds in a day. */
export const DAY = 86_400_000;

/**
 * A time zone that turns UTC instants into local calendar days and back. Day boundaries of every
 * metric follow it (e.g. `Asia/Shanghai` for a Chinese platform's exports).
 *
 * Offsets are cached per UTC hour, so a 10M-row column costs one `Intl` call per distinct hour.
 * @example const tz = TimeZone.of('Asia/Shanghai'); tz.dayNumber(Date.parse('2016-10-01T00:30:00+08:00'))
 */
export class TimeZone {
  private static readonly zones = new Map<string, TimeZone>();
  private readonly cache = new Map<number, number>();
  private readonly format?: Intl.DateTimeFormat;
  private readonly fixedOffset?: number;
  private lastHour = NaN;
  private lastOffset = 0;

  private constructor(readonly name: string) {
    const fixed = /^(?:UTC|GMT|Z)?([+-])(\d{2}):?(\d{2})$/.exec(name);
    if (name === 'UTC' || name === 'Etc/UTC' || name === 'GMT' || name === 'Z') this.fixedOffset = 0;
    else if (fixed)
      this.fixedOffset = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
    else {
      try {
        this.format = new Intl.DateTimeFormat('en-US', {
          timeZone: name,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
      } catch {
        throw new SpecError(
          'timeZone',
          name,
          'an IANA zone such as "Asia/Shanghai", "UTC" or an offset like "+08:00"',
        );
      }
    }
  }

  /** The zone named `name` (IANA name, `UTC`, or a fixed offset like `+08:00`). */
  static of(name: string = 'UTC'): TimeZone {
    let z = TimeZone.zones.get(name);
    if (!z) {
      z = new TimeZone(name);
      TimeZone.zones.set(name, z);
    }
    return z;
  }

  /** Offset of local time from UTC, in ms, at the UTC instant `ms`. */
  offsetAt(ms: number): number {
    if (this.fixedOffset !== undefined) return this.fixedOffset;
    const hour = Math.floor(ms / HOUR);
    if (hour === this.lastHour) return this.lastOffset;
    let off = this.cache.get(hour);
    if (off === undefined) {
      off = this.computeOffset(hour * HOUR);
      this.cache.set(hour, off);
    }
    this.lastHour = hour;
    this.lastOffset = off;
    return off;
  }

  private computeOffset(ms: number): number {
    const parts = this.format!.formatToParts(new Date(ms));
    const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
    const local = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    return local - ms;
  }

  /** Local calendar day of a UTC instant, as whole days since 1970-01-01 (local). */
  dayNumber(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / DAY);
  }

  /**
   * The UTC instant of a local wall-clock time. For a time skipped by a DST change the later offset is
   * used; for a repeated time, the first occurrence.
   */
  fromLocal(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millis = 0): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
    if (this.fixedOffset !== undefined) return wall - this.fixedOffset;
    // Candidates from the offsets a day before and after (at most one transition lies between).
    const early = wall - this.offsetAt(wall - DAY);
    const late = wall - this.offsetAt(wall + DAY);
    const earlyOk = early + this.offsetAt(early) === wall;
    const lateOk = late + this.offsetAt(late) === wall;
    if (earlyOk && lateOk) return Math.min(early, late); // repeated hour: first occurrence
    if (earlyOk) return early;
    if (lateOk) return late;
    return early; // skipped hour: the earlier offset lands just after the gap (02:30 → 03:30)
  }

  /** The UTC instant at which local day `day` (see {@link dayNumber}) starts. */
  startOfDay(day: number): number {
    const d = new Date(day * DAY);
    return this.fromLocal(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }

  /** Local day number of a `YYYY-MM-DD` (or Date) as-of option. */
  dayOf(date: string | Date | number): number {
    if (typeof date === 'number') return this.dayNumber(date);
    if (date instanceof Date) return this.dayNumber(date.getTime());
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (m) return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY);
    const t = Date.parse(date);
    if (Number.isNaN(t)) throw new SpecError('date', date, 'a date like "2017-03-01"');
    return this.dayNumber(t);
  }
}

/** A local day number as `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}
