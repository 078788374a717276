import { DAY_MS, type FixedZone } from './clock.js';
import { Random } from './random.js';

/**
 * Sign-up times of N users spread over a period by a daily intensity: user i gets the quantile
 * (i + u)/N of the intensity, so sign-ups come in user order (ids follow sign-up order) and any user
 * can be generated on its own, without the others, for streaming.
 */
export class SignupSchedule {
  private readonly cdf: Float64Array;
  private readonly days: number;
  private readonly firstDay: number;

  /**
   * @param zone local zone of the day boundaries
   * @param from first sign-up instant (a local midnight)
   * @param to end (exclusive, a local midnight)
   * @param weight intensity of a local day number
   */
  constructor(
    readonly zone: FixedZone,
    from: number,
    to: number,
    readonly weight: (day: number) => number,
    readonly size: number,
    readonly seed: number,
  ) {
    this.firstDay = zone.dayOf(from);
    this.days = zone.dayOf(to) - this.firstDay;
    this.cdf = new Float64Array(this.days + 1);
    for (let d = 0; d < this.days; d++) this.cdf[d + 1] = this.cdf[d] + weight(this.firstDay + d);
    const total = this.cdf[this.days];
    for (let d = 0; d <= this.days; d++) this.cdf[d] /= total;
  }

  /** Sign-up instant of user `i` (UTC ms, whole seconds) and its local day. */
  signupOf(i: number): { ms: number; day: number } {
    const rng = new Random(this.seed, 0, i);
    const q = (i + rng.uniform()) / this.size;
    let lo = 0;
    let hi = this.days - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cdf[mid] <= q) lo = mid;
      else hi = mid - 1;
    }
    const within = (q - this.cdf[lo]) / (this.cdf[lo + 1] - this.cdf[lo]);
    const day = this.firstDay + lo;
    // Time of day from the within-day quantile, squeezed into 07:00–24:00 when people sign up.
    const ms = Math.floor((this.zone.startOfDay(day) + (7 / 24 + (17 / 24) * within) * DAY_MS) / 1000) * 1000;
    return { ms, day };
  }

  /** Users [0, bound) signed up on a local day strictly before `day`. */
  usersBefore(day: number): number {
    const d = Math.max(0, Math.min(this.days, day - this.firstDay));
    return Math.max(0, Math.floor(this.cdf[d] * this.size) - 1);
  }
}
