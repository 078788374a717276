import { activityMask, lastActiveDay } from '../history/churnRule.js';
import type { History } from '../history/history.js';
import type { ResolvedLifecycleSpec } from './spec.js';
import { NOT_REGISTERED, type StageSignal } from './stages.js';

const INTRODUCTION = 0;
const GROWTH = 1;
const MATURITY = 2;
const DORMANCY = 3;
const CHURN = 4;

/**
 * What decides a user's stage as of a day, gathered from rows on or before it: the in-memory classifier
 * reads them from a {@link History}, the SQL engines compute them as per-user aggregates; both hand them
 * to {@link decideStage}, the one definition of the stage rules.
 */
export interface StageInputs {
  registeredDay: number;
  /** Local day of verification / card binding (NaN: not done or unknown). */
  verifiedDay: number;
  cardBoundDay: number;
  orderCount: number;
  /** Epoch ms of the latest order (−Infinity without orders). */
  lastOrderMs: number;
  /** Whether fixed terms moved from short to long (the spec's maturity rule). */
  mature: boolean;
  /** Epoch ms and local day of the latest payout (NaN without payouts). */
  lastPayoutMs: number;
  lastPayoutDay: number;
  /** The latest balance and its local day (NaN without balance rows). */
  balance: number;
  balanceDay: number;
  /** The user's largest balance (−Infinity without balance rows). */
  maxBalance: number;
  /** Latest of sign-up, activity events and (when they count) orders. */
  lastActiveDay: number;
}

/** What {@link StageClassifier.classify} found about one user as of one day (reused between calls). */
export interface StageFacts {
  /** Code into LIFECYCLE_STAGES, or NOT_REGISTERED. */
  stage: number;
  /** Introduction / growth / maturity ignoring dormancy and churn: the stage a churned user churned from. */
  baseStage: number;
  signal: StageSignal | null;
  orderCount: number;
  lastActiveDay: number;
  /** Day the user crossed the churn line (NaN when not churned as of the day). */
  churnDay: number;
  noTransactionSinceSignup: boolean;
  withdrawnAfterMaturity: boolean;
  holdingsDrop: boolean;
}

/**
 * Classifies users of a {@link History} into article 003's stages as of any day. Only rows on or before
 * that day are read (each loop stops at the first later row), so one history serves many as-of days.
 */
export class StageClassifier {
  private readonly mask: Uint8Array;
  private readonly facts: StageFacts = newStageFacts();
  private readonly inputs: StageInputs = signedUpOnly(NaN);

  constructor(
    private readonly history: History,
    private readonly spec: ResolvedLifecycleSpec,
  ) {
    this.mask = activityMask(history, spec.churn.activityEvents);
  }

  /** The facts of `user` as of the end of local day `day` (the returned object is reused). */
  classify(user: number, day: number): StageFacts {
    const h = this.history;
    const s = this.spec;
    const x = this.inputs;
    x.registeredDay = h.registeredDay[user];
    if (x.registeredDay > day) return decideStage(x, s, day, this.facts);
    x.verifiedDay = h.verifiedDay[user];
    x.cardBoundDay = h.cardBoundDay[user];

    // Orders: count, last order time, and whether terms moved from short to long.
    const od = h.orders;
    let count = 0;
    let lastOrderMs = -Infinity;
    let mature = false;
    let minEarlier = Infinity; // shortest fixed term among strictly earlier orders
    let groupMs = NaN;
    let groupMin = Infinity;
    for (let i = od.start[user]; i < od.start[user + 1] && od.day[i] <= day; i++) {
      count++;
      lastOrderMs = od.ms[i];
      if (od.ms[i] !== groupMs) {
        if (groupMin < minEarlier) minEarlier = groupMin;
        groupMin = Infinity;
        groupMs = od.ms[i];
      }
      const term = od.term[i];
      if (!(term > 0)) continue;
      if (
        s.maturityRule === 'laterLongerTerm'
          ? term > minEarlier
          : term >= s.longTermDays && minEarlier < s.longTermDays
      ) {
        mature = true;
      }
      if (term < groupMin) groupMin = term;
    }
    x.orderCount = count;
    x.lastOrderMs = lastOrderMs;
    x.mature = mature;

    const pay = h.payouts;
    x.lastPayoutMs = x.lastPayoutDay = NaN;
    for (let i = pay.start[user]; i < pay.start[user + 1] && pay.day[i] <= day; i++) {
      x.lastPayoutMs = pay.ms[i];
      x.lastPayoutDay = pay.day[i];
    }
    const bal = h.balances;
    x.balance = x.balanceDay = NaN;
    x.maxBalance = -Infinity;
    for (let i = bal.start[user]; i < bal.start[user + 1] && bal.day[i] <= day; i++) {
      x.balance = bal.amount[i];
      x.balanceDay = bal.day[i];
      if (x.balance > x.maxBalance) x.maxBalance = x.balance;
    }
    x.lastActiveDay = lastActiveDay(h, user, day, this.mask, s.churn.ordersCountAsActivity);
    return decideStage(x, s, day, this.facts);
  }
}

/**
 * The inputs of a user who only signed up (no orders, payouts, balances or later activity yet); sources of
 * per-user facts fill in what they find.
 * @param registeredDay the local day of sign-up
 * @returns fresh inputs
 * @example signedUpOnly(17200).lastActiveDay // 17200
 */
export function signedUpOnly(registeredDay: number): StageInputs {
  return {
    registeredDay,
    verifiedDay: NaN,
    cardBoundDay: NaN,
    orderCount: 0,
    lastOrderMs: -Infinity,
    mature: false,
    lastPayoutMs: NaN,
    lastPayoutDay: NaN,
    balance: NaN,
    balanceDay: NaN,
    maxBalance: -Infinity,
    lastActiveDay: registeredDay,
  };
}

/** A fresh {@link StageFacts} to pass to {@link decideStage}. */
export function newStageFacts(): StageFacts {
  return {
    stage: NOT_REGISTERED,
    baseStage: NOT_REGISTERED,
    signal: null,
    orderCount: 0,
    lastActiveDay: NaN,
    churnDay: NaN,
    noTransactionSinceSignup: false,
    withdrawnAfterMaturity: false,
    holdingsDrop: false,
  };
}

/**
 * Article 003's stage rules (用户生命周期阶段) applied to one user's inputs as of the end of local day `day`:
 * introduction → growth (≥ 1 investment, verified / card bound as required) → maturity (terms moved from
 * short to long); the three dormancy signals (休眠期) override those; churn (流失期) overrides everything.
 * @param x the user's inputs, from rows on or before `day`
 * @param s the resolved spec
 * @param day the as-of local day
 * @param f written and returned (reuse one object in hot loops)
 * @returns `f`
 * @example decideStage(inputs, resolveLifecycleSpec({ asOf: '2017-03-01' }), 17226, newStageFacts()).stage
 */
export function decideStage(
  x: StageInputs,
  s: ResolvedLifecycleSpec,
  day: number,
  f: StageFacts,
): StageFacts {
  f.signal = null;
  f.noTransactionSinceSignup = f.withdrawnAfterMaturity = f.holdingsDrop = false;
  f.churnDay = NaN;
  const registered = x.registeredDay;
  if (registered > day) {
    f.stage = f.baseStage = NOT_REGISTERED;
    f.orderCount = 0;
    f.lastActiveDay = NaN;
    return f;
  }
  const count = x.orderCount;
  f.orderCount = count;
  const grown =
    count > 0 &&
    (!s.growthRequires.includes('verified') || x.verifiedDay <= day) &&
    (!s.growthRequires.includes('cardBound') || x.cardBoundDay <= day);
  f.baseStage = grown ? (x.mature ? MATURITY : GROWTH) : INTRODUCTION;
  f.stage = f.baseStage;
  f.signal = grown ? (x.mature ? 'longerTerm' : 'invested') : 'signedUp';

  // Dormancy signals (X = dormancyDays).
  f.noTransactionSinceSignup = count === 0 && day - registered >= s.dormancyDays;
  f.withdrawnAfterMaturity =
    x.lastPayoutMs >= x.lastOrderMs &&
    day - x.lastPayoutDay >= s.dormancyDays &&
    x.balanceDay >= x.lastPayoutDay &&
    x.balance <= s.emptyBalance;
  f.holdingsDrop = x.maxBalance > 0 && x.balance < x.maxBalance * (1 - s.holdingsDropShare);
  if (f.noTransactionSinceSignup || f.withdrawnAfterMaturity || f.holdingsDrop) {
    f.stage = DORMANCY;
    f.signal = f.noTransactionSinceSignup
      ? 'noTransactionSinceSignup'
      : f.withdrawnAfterMaturity
        ? 'withdrawnAfterMaturity'
        : 'holdingsDrop';
  }

  // Churn overrides everything: no activity for churn.days.
  f.lastActiveDay = x.lastActiveDay;
  if (day >= f.lastActiveDay + s.churn.days) {
    f.stage = CHURN;
    f.signal = 'inactive';
    f.churnDay = f.lastActiveDay + s.churn.days;
  }
  return f;
}
