import { DAY as ZONE_DAY, TimeZone } from '../../time/zone.js';

// A module-level copy: an imported binding is a property load (a getter call under tsx) per row.
const DAY = ZONE_DAY;

/**
 * Dates and times straight from bytes. Accepted forms (spaces around are ignored):
 *
 * - `2016-10-01`, `2016/10/1`, `2016.10.01`, `20161001`
 * - with a time: `2016-10-01 12:30`, `2016-10-01 12:30:00.123`, `2016/10/1 9:05`, ISO `2016-10-01T12:30:00`
 * - with an offset (kept, the time zone option is then not used): `…Z`, `…+08:00`, `…+0800`, `… UTC`
 * - month or day first with a four-digit year, as Excel writes: `12/1/2010 8:26`, `1.12.2010`, with
 *   optional `AM`/`PM`. Which comes first is decided by the data when a value shows it (a first part
 *   above 12 means day first), else by the `dateFormat` option; an undecidable file is refused.
 *
 * Two-digit years (`1/2/16`) are refused: they cannot be read without guessing the century.
 */

/** How dates are written: the order of slash dates, or a number of days/seconds/ms. */
export const DATE_FORMATS = ['ymd', 'mdy', 'dmy', 'excel', 'epoch-s', 'epoch-ms'] as const;
/** See {@link DATE_FORMATS}. */
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Outcome of parsing a date. */
export const enum DateStatus {
  Ok = 0,
  Bad = 1,
  /** A slash date whose day/month order is unknown (`3/4/2016`). */
  Ambiguous = 2,
  TwoDigitYear = 3,
  /** A slash date that contradicts the order in force (`13/1/2010` read month first). */
  WrongOrder = 4,
}

/** Day/month order of slash dates: 0 unknown, 1 month first, 2 day first. */
export type SlashOrder = 0 | 1 | 2;

/** Fields of the last parsed date (reused, so parsing allocates nothing). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** Offset written in the value, in minutes; NaN when the value has none (local time). */
  offsetMinutes: number;
  /** What the value says about slash order: 0 nothing, 1 month first, 2 day first, 3 either. */
  evidence: 0 | 1 | 2 | 3;
}

/** A fresh {@link DateParts}. */
export function dateParts(): DateParts {
  return {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    millis: 0,
    offsetMinutes: NaN,
    evidence: 0,
  };
}

let pos = 0;

function digits(b: Uint8Array, e: number, max: number): number {
  let v = 0;
  let n = 0;
  while (pos < e && n < max) {
    const c = b[pos];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    pos++;
    n++;
  }
  return n === 0 ? -1 : v;
}

function runLength(b: Uint8Array, i: number, e: number): number {
  let n = 0;
  while (i + n < e && b[i + n] >= 48 && b[i + n] <= 57) n++;
  return n;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The day number of the first of each month of 1900–2199, and its length: a table lookup instead of
 * the divisions of the general formula, for the dates of nearly every file (10M rows: 0.2 s less).
 */
const TABLE_FROM = 1900;
const MONTH_START = new Int32Array(300 * 12);
const MONTH_LENGTH = new Uint8Array(300 * 12);
for (let k = 0; k < MONTH_START.length; k++) {
  const y = TABLE_FROM + Math.floor(k / 12);
  const m = (k % 12) + 1;
  MONTH_START[k] = civilDays(y, m, 1);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  MONTH_LENGTH[k] = m === 2 && leap ? 29 : MONTH_DAYS[m - 1];
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const k = (y - TABLE_FROM) * 12 + m - 1;
  if (k >= 0 && k < MONTH_LENGTH.length) return d <= MONTH_LENGTH[k];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]);
}

/**
 * Parses bytes [s, e) into `out`.
 * @param order slash order in force (0: decide from the value, refuse when it cannot tell)
 */
export function parseDate(
  b: Uint8Array,
  s: number,
  e: number,
  order: SlashOrder,
  out: DateParts,
): DateStatus {
  const n = e - s;
  if ((n === 19 || n === 10) && b[s + 4] === 45 && b[s + 7] === 45 && fixedIso(b, s, n, out))
    return DateStatus.Ok;
  while (s < e && b[s] === 32) s++;
  while (e > s && b[e - 1] === 32) e--;
  pos = s;
  out.evidence = 0;
  const firstRun = runLength(b, s, e);
  let year: number;
  let month: number;
  let day: number;
  if (firstRun === 8 && s + 8 === e) {
    year = digits(b, e, 4);
    month = digits(b, e, 2);
    day = digits(b, e, 2);
  } else if (firstRun === 4) {
    year = digits(b, e, 4);
    const sep = b[pos];
    if (sep !== 45 && sep !== 47 && sep !== 46) return DateStatus.Bad;
    pos++;
    month = digits(b, e, 2);
    if (b[pos] !== sep) return DateStatus.Bad;
    pos++;
    day = digits(b, e, 2);
  } else if (firstRun === 1 || firstRun === 2) {
    const a = digits(b, e, 2);
    const sep = b[pos];
    if (sep !== 47 && sep !== 46 && sep !== 45) return DateStatus.Bad;
    pos++;
    const c = digits(b, e, 2);
    if (c < 0 || b[pos] !== sep) return DateStatus.Bad;
    pos++;
    const yearRun = runLength(b, pos, e);
    if (yearRun === 2) return DateStatus.TwoDigitYear;
    if (yearRun !== 4) return DateStatus.Bad;
    year = digits(b, e, 4);
    if (a > 12 && c > 12) return DateStatus.Bad;
    out.evidence = a > 12 ? 2 : c > 12 ? 1 : a === c ? 3 : 0;
    if (out.evidence === 0 && order === 0) return DateStatus.Ambiguous;
    if ((out.evidence === 1 && order === 2) || (out.evidence === 2 && order === 1))
      return DateStatus.WrongOrder;
    const dayFirst = out.evidence === 2 || (out.evidence !== 1 && order === 2);
    month = dayFirst ? c : a;
    day = dayFirst ? a : c;
  } else return DateStatus.Bad;
  if (year < 0 || month < 0 || day < 0 || !validDay(year, month, day)) return DateStatus.Bad;
  out.year = year;
  out.month = month;
  out.day = day;
  out.hour = out.minute = out.second = out.millis = 0;
  out.offsetMinutes = NaN;
  if (pos === e) return DateStatus.Ok;
  // time of day
  const t = b[pos];
  if (t === 84 || t === 116) pos++;
  else if (t === 32) while (pos < e && b[pos] === 32) pos++;
  else return zone(b, e, out);
  const hour = digits(b, e, 2);
  if (hour < 0 || b[pos] !== 58) return DateStatus.Bad;
  pos++;
  if (runLength(b, pos, e) !== 2) return DateStatus.Bad;
  const minute = digits(b, e, 2);
  let second = 0;
  let millis = 0;
  if (b[pos] === 58 && pos < e) {
    pos++;
    if (runLength(b, pos, e) !== 2) return DateStatus.Bad;
    second = digits(b, e, 2);
    if (b[pos] === 46 && pos < e) {
      pos++;
      const run = runLength(b, pos, e);
      if (run === 0) return DateStatus.Bad;
      const frac = digits(b, e, 3);
      millis = run === 1 ? frac * 100 : run === 2 ? frac * 10 : frac;
      pos += Math.max(0, run - 3);
    }
  }
  let h = hour;
  let p = pos;
  while (p < e && b[p] === 32) p++;
  if (p + 1 < e && (b[p + 1] === 77 || b[p + 1] === 109)) {
    const ap = b[p] | 32;
    if (ap === 97 || ap === 112) {
      if (h < 1 || h > 12) return DateStatus.Bad;
      h = ap === 112 ? (h % 12) + 12 : h % 12;
      pos = p + 2;
    }
  }
  if (h > 23 || minute > 59 || second > 59) return DateStatus.Bad;
  out.hour = h;
  out.minute = minute;
  out.second = second;
  out.millis = millis;
  if (pos === e) return DateStatus.Ok;
  return zone(b, e, out);
}

function zone(b: Uint8Array, e: number, out: DateParts): DateStatus {
  while (pos < e && b[pos] === 32) pos++;
  const c = b[pos];
  if ((c === 90 || c === 122) && pos + 1 === e) {
    out.offsetMinutes = 0;
    return DateStatus.Ok;
  }
  if (c === 85 && e - pos === 3 && b[pos + 1] === 84 && b[pos + 2] === 67) {
    out.offsetMinutes = 0; // "UTC"
    return DateStatus.Ok;
  }
  if (c !== 43 && c !== 45) return DateStatus.Bad;
  pos++;
  const hh = runLength(b, pos, e) >= 2 ? digits(b, e, 2) : -1;
  if (hh < 0 || hh > 18) return DateStatus.Bad;
  let mm = 0;
  if (b[pos] === 58 && pos < e) pos++;
  if (pos < e) {
    if (runLength(b, pos, e) !== 2) return DateStatus.Bad;
    mm = digits(b, e, 2);
    if (mm > 59) return DateStatus.Bad;
  }
  if (pos !== e) return DateStatus.Bad;
  out.offsetMinutes = (c === 45 ? -1 : 1) * (hh * 60 + mm);
  return DateStatus.Ok;
}

/** Digit value at i, or a large negative number that poisons any sum it enters. */
function digit(b: Uint8Array, i: number): number {
  const d = b[i] - 48;
  return d >= 0 && d <= 9 ? d : -1e9;
}

/**
 * The fast path for the two forms machines write most, `2016-10-01` and `2016-10-01 12:30:00`
 * (or `T`), read at fixed positions; false sends the value to the general parser.
 */
function fixedIso(b: Uint8Array, s: number, n: number, out: DateParts): boolean {
  const year = digit(b, s) * 1000 + digit(b, s + 1) * 100 + digit(b, s + 2) * 10 + digit(b, s + 3);
  const month = digit(b, s + 5) * 10 + digit(b, s + 6);
  const day = digit(b, s + 8) * 10 + digit(b, s + 9);
  if (year < 0 || month < 0 || day < 0 || !validDay(year, month, day)) return false;
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (n === 19) {
    const t = b[s + 10];
    if ((t !== 32 && t !== 84) || b[s + 13] !== 58 || b[s + 16] !== 58) return false;
    hour = digit(b, s + 11) * 10 + digit(b, s + 12);
    minute = digit(b, s + 14) * 10 + digit(b, s + 15);
    second = digit(b, s + 17) * 10 + digit(b, s + 18);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  }
  out.year = year;
  out.month = month;
  out.day = day;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  out.millis = 0;
  out.offsetMinutes = NaN;
  out.evidence = 0;
  return true;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const k = (y - TABLE_FROM) * 12 + m - 1;
  if (k >= 0 && k < MONTH_START.length && m >= 1 && m <= 12) return MONTH_START[k] + d - 1;
  return civilDays(y, m, d);
}

function civilDays(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Turns parsed local wall-clock times into UTC epoch ms in a time zone. The zone's offset is cached
 * per local day when the offset is the same two days either side (no DST change near), so a 10M-row
 * column costs one zone lookup per distinct day rather than several per row.
 */
export class WallClock {
  private cachedDay = NaN;
  private cachedOffset = 0;
  private readonly fixed: boolean;

  constructor(readonly zone: TimeZone) {
    this.fixed = isFixedName(zone.name);
  }

  /** UTC ms of the instant `p` names (its own offset when it has one, else local time in the zone). */
  toMs(p: DateParts): number {
    const dayNum = daysFromCivil(p.year, p.month, p.day);
    const wall = dayNum * DAY + p.hour * 3_600_000 + p.minute * 60_000 + p.second * 1000 + p.millis;
    if (p.offsetMinutes === p.offsetMinutes) return wall - p.offsetMinutes * 60_000;
    if (this.fixed) return wall - this.zone.offsetAt(0);
    if (dayNum !== this.cachedDay) {
      const before = this.zone.offsetAt(dayNum * DAY - 2 * DAY);
      const after = this.zone.offsetAt(dayNum * DAY + 3 * DAY);
      if (before !== after) {
        this.cachedDay = NaN;
        return this.zone.fromLocal(p.year, p.month, p.day, p.hour, p.minute, p.second, p.millis);
      }
      this.cachedDay = dayNum;
      this.cachedOffset = before;
    }
    return wall - this.cachedOffset;
  }

  /** UTC ms of a local wall-clock time given as ms from local 1970-01-01 00:00 (Excel serials, Parquet). */
  wallToMs(wall: number): number {
    const d = new Date(wall);
    return this.toMs({
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

  /** UTC ms of the start of the local day that `p` falls on (for `date` columns). */
  dayStartMs(p: DateParts): number {
    const ms = this.toMs(p);
    return this.zone.startOfDay(this.zone.dayNumber(ms));
  }
}

function isFixedName(name: string): boolean {
  return (
    name === 'UTC' ||
    name === 'Etc/UTC' ||
    name === 'GMT' ||
    name === 'Z' ||
    /^(?:UTC|GMT)?[+-]\d{2}:?\d{2}$/.test(name)
  );
}

const EXCEL_EPOCH_DAY = daysFromCivil(1899, 12, 30);

/**
 * A number read as a date under `format`: Excel serial days (local, fractional days are the time of
 * day) or epoch seconds / milliseconds (absolute instants). NaN for other formats, and for Excel serials
 * that name no day: below 1, and 60, Excel's 1900-02-29 (Lotus 1-2-3's leap-year bug, which Excel keeps:
 * serials 1–59 count from 1900-01-01, 61 on from 1899-12-30).
 */
export function numberToMs(value: number, format: DateFormat | undefined, clock: WallClock): number {
  if (format === 'epoch-ms') return value;
  if (format === 'epoch-s') return value * 1000;
  if (format === 'excel') {
    if (!(value >= 1) || (value >= 60 && value < 61)) return NaN;
    const day = value < 60 ? EXCEL_EPOCH_DAY + 1 + value : EXCEL_EPOCH_DAY + value;
    return clock.wallToMs(Math.round(day * DAY));
  }
  return NaN;
}
