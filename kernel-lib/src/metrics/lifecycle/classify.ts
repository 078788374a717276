import { activityMask, lastActiveDay } from '../churn/rule.js';
import type { History } from './history.js';
import type { ResolvedLifecycleSpec } from './spec.js';
import { NOT_REGISTERED, type StageSignal } from './stages.js';

const INTRODUCTION = 0;
const GROWTH = 1;
const MATURITY = 2;
const DORMANCY = 3;
const CHURN = 4;

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
  private readonly facts: StageFacts = {
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
    const f = this.facts;
    f.signal = null;
    f.noTransactionSinceSignup = f.withdrawnAfterMaturity = f.holdingsDrop = false;
    f.churnDay = NaN;
    const registered = h.registeredDay[user];
    if (registered > day) {
      f.stage = f.baseStage = NOT_REGISTERED;
      f.orderCount = 0;
      f.lastActiveDay = NaN;
      return f;
    }

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
    f.orderCount = count;
    const grown =
      count > 0 &&
      (!s.growthRequires.includes('verified') || h.verifiedDay[user] <= day) &&
      (!s.growthRequires.includes('cardBound') || h.cardBoundDay[user] <= day);
    f.baseStage = grown ? (mature ? MATURITY : GROWTH) : INTRODUCTION;
    f.stage = f.baseStage;
    f.signal = grown ? (mature ? 'longerTerm' : 'invested') : 'signedUp';

    // Dormancy signals (X = dormancyDays).
    f.noTransactionSinceSignup = count === 0 && day - registered >= s.dormancyDays;
    const pay = h.payouts;
    let lastPayoutMs = NaN;
    let lastPayoutDay = NaN;
    for (let i = pay.start[user]; i < pay.start[user + 1] && pay.day[i] <= day; i++) {
      lastPayoutMs = pay.ms[i];
      lastPayoutDay = pay.day[i];
    }
    const bal = h.balances;
    let balance = NaN;
    let balanceDay = NaN;
    let maxBalance = -Infinity;
    for (let i = bal.start[user]; i < bal.start[user + 1] && bal.day[i] <= day; i++) {
      balance = bal.amount[i];
      balanceDay = bal.day[i];
      if (balance > maxBalance) maxBalance = balance;
    }
    f.withdrawnAfterMaturity =
      lastPayoutMs >= lastOrderMs &&
      day - lastPayoutDay >= s.dormancyDays &&
      balanceDay >= lastPayoutDay &&
      balance <= s.emptyBalance;
    f.holdingsDrop = maxBalance > 0 && balance < maxBalance * (1 - s.holdingsDropShare);
    if (f.noTransactionSinceSignup || f.withdrawnAfterMaturity || f.holdingsDrop) {
      f.stage = DORMANCY;
      f.signal = f.noTransactionSinceSignup
        ? 'noTransactionSinceSignup'
        : f.withdrawnAfterMaturity
          ? 'withdrawnAfterMaturity'
          : 'holdingsDrop';
    }

    // Churn overrides everything: no activity for churn.days.
    f.lastActiveDay = lastActiveDay(h, user, day, this.mask, s.churn.ordersCountAsActivity);
    if (day >= f.lastActiveDay + s.churn.days) {
      f.stage = CHURN;
      f.signal = 'inactive';
      f.churnDay = f.lastActiveDay + s.churn.days;
    }
    return f;
  }
}
