import { SHANGHAI } from '../clock.js';
import { SignupSchedule } from '../signups.js';
import { simulateUser } from './user.js';
import { LAUNCH, SIGNUP_END, SIGNUP_SPIKES } from './world.js';

const spikeDays = new Set<number>();
for (const d of SIGNUP_SPIKES) {
  const day = SHANGHAI.dayOf(SHANGHAI.dayStart(d));
  for (let k = -3; k <= 3; k++) spikeDays.add(day + k);
}
const launchDay = SHANGHAI.dayOf(LAUNCH);
const shockFrom = SHANGHAI.dayOf(SHANGHAI.dayStart('2016-10-01'));
const shockTo = SHANGHAI.dayOf(SHANGHAI.dayStart('2017-03-01'));

/** Whether a local day is in a campaign/holiday sign-up spike. */
export function isSpikeDay(day: number): boolean {
  return spikeDays.has(day);
}

/**
 * Daily sign-up intensity: ramps up over the first year, dips during the late-2016 shock, and jumps
 * around campaigns and holidays.
 */
export function signupWeight(day: number): number {
  const age = day - launchDay;
  // The platform grew fast in its first half year, then sign-ups levelled off.
  let w = 0.6 + 2.4 * Math.min(1, age / 150);
  if (age > 330) w *= Math.max(0.45, 1 - (age - 330) / 350);
  if (day >= shockFrom && day < shockTo) w *= 0.9;
  if (spikeDays.has(day)) w *= 2.5;
  return w;
}

/** The P2P population of `size` users for `seed`: each user can be simulated on its own. */
export class P2pPopulation {
  readonly schedule: SignupSchedule;

  constructor(
    readonly seed: number,
    readonly size: number,
  ) {
    this.schedule = new SignupSchedule(SHANGHAI, LAUNCH, SIGNUP_END, signupWeight, size, seed);
  }

  /** User `i`'s natural history (no campaign), with its traits and random stream. */
  user(i: number): ReturnType<typeof simulateUser> {
    const { ms, day } = this.schedule.signupOf(i);
    return simulateUser(this.seed, i, ms, isSpikeDay(day), this.schedule.usersBefore(day));
  }
}

/** `u` + 1-based index: the user id written in every table. */
export function userId(index: number): string {
  return `u${index + 1}`;
}
