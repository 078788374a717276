import assert from 'node:assert/strict';
import { TimeZone, formatDay } from '../../../kernel-lib/src/time/zone.js';
import { periodIndex, periodLabel, periodLookup } from '../../../kernel-lib/src/time/periods.js';
import { SpecError } from '../../../kernel-lib/src/errors.js';

describe('TimeZone', () => {
  it('puts a local midnight-past instant on the local day', () => {
    const tz = TimeZone.of('Asia/Shanghai');
    assert.equal(formatDay(tz.dayNumber(Date.parse('2016-10-01T00:30:00+08:00'))), '2016-10-01');
    assert.equal(
      formatDay(TimeZone.of('UTC').dayNumber(Date.parse('2016-10-01T00:30:00+08:00'))),
      '2016-09-30',
    );
  });
  it('accepts fixed offsets', () => {
    assert.equal(TimeZone.of('+08:00').offsetAt(0), 8 * 3600_000);
    assert.equal(TimeZone.of('-05:30').offsetAt(0), -(5 * 60 + 30) * 60_000);
  });
  it('resolves DST gaps forward and overlaps to the first occurrence', () => {
    const ny = TimeZone.of('America/New_York');
    assert.equal(new Date(ny.fromLocal(2021, 3, 14, 2, 30)).toISOString(), '2021-03-14T07:30:00.000Z');
    assert.equal(new Date(ny.fromLocal(2021, 11, 7, 1, 30)).toISOString(), '2021-11-07T05:30:00.000Z');
    assert.equal(new Date(ny.fromLocal(2021, 6, 1)).toISOString(), '2021-06-01T04:00:00.000Z');
  });
  it('round-trips local days through startOfDay', () => {
    const tz = TimeZone.of('Europe/London');
    for (let day = 18_000; day < 18_800; day += 7) assert.equal(tz.dayNumber(tz.startOfDay(day)), day);
  });
  it('rejects unknown zones naming what is allowed', () => {
    assert.throws(
      () => TimeZone.of('Mars/Olympus'),
      (e: unknown) => e instanceof SpecError && /invalid timeZone: "Mars\/Olympus"/.test(e.message),
    );
  });
});

describe('periods', () => {
  it('starts weeks on Monday and labels months', () => {
    const day = TimeZone.of('UTC').dayOf('2016-10-05'); // a Wednesday
    assert.equal(periodLabel(periodIndex(day, 'week'), 'week'), '2016-10-03');
    assert.equal(periodLabel(periodIndex(day, 'month'), 'month'), '2016-10');
  });
  it('lookup tables agree with periodIndex', () => {
    const lut = periodLookup(16_000, 16_400, 'month');
    for (let d = 16_000; d <= 16_400; d++) assert.equal(lut[d - 16_000], periodIndex(d, 'month'));
  });
});
