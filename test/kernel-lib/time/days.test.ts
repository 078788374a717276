import assert from 'node:assert/strict';
import { dayNumberFn } from '../../../kernel-lib/src/time/days.js';
import { wilsonInterval, normalQuantile } from '../../../kernel-lib/src/math/wilson.js';
import { TimeZone } from '../../../kernel-lib/src/time/zone.js';
import { mulberry32 as seeded } from '../../support/random.js';

describe('dayNumberFn', () => {
  for (const name of [
    'UTC',
    '+05:30',
    'Asia/Shanghai',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
  ]) {
    it(`agrees with TimeZone.dayNumber in ${name}, across DST changes`, () => {
      const zone = TimeZone.of(name);
      const rnd = seeded(5);
      const from = Date.UTC(2020, 0, 1);
      const ms = Float64Array.from({ length: 5000 }, () => from + Math.floor(rnd() * 3 * 365 * 86_400_000));
      const fast = dayNumberFn(ms, zone);
      for (const t of ms) assert.equal(fast(t), zone.dayNumber(t), new Date(t).toISOString());
    });
  }
});

describe('wilsonInterval', () => {
  it('matches the textbook values and handles 0 %, 100 % and empty cohorts', () => {
    const ci = wilsonInterval(4, 10, 0.95)!;
    assert.ok(Math.abs(ci.low - 0.16818) < 1e-5 && Math.abs(ci.high - 0.68732) < 1e-5);
    assert.equal(wilsonInterval(0, 5)!.low, 0);
    assert.equal(wilsonInterval(5, 5)!.high, 1);
    assert.equal(wilsonInterval(0, 0), null);
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
    assert.throws(() => wilsonInterval(1, 2, 1.5), /invalid level/);
  });
});
