import * as aq from 'arquero';
import { periodIndex } from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { fromMicros } from '../../math/money.js';
import { FIXED_DAYS, type ResolvedClvSummarySpec } from './spec.js';
import type { ClvSummary, ClvSummaryCounts } from './summaryResult.js';

/** The days and periods a CLV summary spec names, and the factor from its time unit to its duration unit. */
export interface SummaryFrame {
  zone: TimeZone;
  endDay: number;
  /** The calibration end's local day (the end's when there is no calibration). */
  calDay: number;
  endPeriod: number;
  calPeriod: number;
  /** Durations in `durationUnit` per period of `timeUnit`. */
  scale: number;
}

/** The {@link SummaryFrame} of a resolved spec, as both engines use it. */
export function summaryFrame(s: ResolvedClvSummarySpec): SummaryFrame {
  const zone = TimeZone.of(s.timeZone);
  const endDay = zone.dayOf(s.end);
  const calDay = s.calibrationEnd === undefined ? endDay : zone.dayOf(s.calibrationEnd);
  const unit = s.timeUnit;
  return {
    zone,
    endDay,
    calDay,
    endPeriod: periodIndex(endDay, unit),
    calPeriod: periodIndex(calDay, unit),
    scale: s.durationUnit === unit ? 1 : FIXED_DAYS[unit]! / FIXED_DAYS[s.durationUnit]!,
  };
}

/** One customer's purchase periods up to the end, as each engine counts them. */
export interface CustomerPeriods {
  id: string;
  /** Periods with a purchase on or before the calibration end (0: first seen after it). */
  periods: number;
  firstPeriod: number;
  lastPeriod: number;
  /** Amount of the repeat periods (all but the first), in millionths. */
  repeatMicros: number;
  /** Periods with a purchase after the calibration end, and their amount in millionths. */
  holdPeriods: number;
  holdMicros: number;
}

/**
 * Turns each customer's periods into the summary's row (frequency, recency, T, monetary value, holdout) by
 * lifetimes' rules, and builds the result: one implementation for memory and SQL, so both give one answer.
 */
export class SummaryRows {
  private readonly ids: string[] = [];
  private readonly frequency: number[] = [];
  private readonly recency: number[] = [];
  private readonly T: number[] = [];
  private readonly money: number[] = [];
  private readonly holdFrequency: number[] = [];
  private readonly holdMoney: number[] = [];
  private firstSeenAfter = 0;
  private repeatBuyers = 0;

  constructor(
    private readonly spec: ResolvedClvSummarySpec,
    private readonly frame: SummaryFrame,
    private readonly hasAmount: boolean,
  ) {}

  /** Adds one customer (left out and counted when first seen after the calibration end). */
  add(c: CustomerPeriods): void {
    if (c.periods === 0) {
      this.firstSeenAfter++;
      return;
    }
    const { scale, calPeriod } = this.frame;
    const x = c.periods - 1;
    if (x > 0) this.repeatBuyers++;
    this.ids.push(c.id);
    this.frequency.push(x);
    this.recency.push((c.lastPeriod - c.firstPeriod) * scale);
    this.T.push((calPeriod - c.firstPeriod) * scale);
    this.money.push(x > 0 ? fromMicros(c.repeatMicros) / x : 0);
    this.holdFrequency.push(c.holdPeriods);
    this.holdMoney.push(c.holdPeriods > 0 ? fromMicros(c.holdMicros) / c.holdPeriods : 0);
  }

  /** The summary, with the counts the caller read (rows, rows after the end, negative amounts). */
  result(read: Pick<ClvSummaryCounts, 'rows' | 'rowsAfterEnd' | 'negativeAmountRows'>): ClvSummary {
    const { endPeriod, calPeriod, scale } = this.frame;
    const columns: Record<string, unknown[] | Float64Array> = {
      user_id: this.ids,
      frequency: Float64Array.from(this.frequency),
      recency: Float64Array.from(this.recency),
      T: Float64Array.from(this.T),
    };
    if (this.hasAmount) columns.monetary_value = Float64Array.from(this.money);
    if (this.spec.calibrationEnd !== undefined) {
      columns.frequency_holdout = Float64Array.from(this.holdFrequency);
      if (this.hasAmount) columns.monetary_value_holdout = Float64Array.from(this.holdMoney);
      columns.duration_holdout = new Float64Array(this.ids.length).fill((endPeriod - calPeriod) * scale);
    }
    return {
      customers: aq.table(columns),
      spec: this.spec,
      counts: {
        rows: read.rows,
        rowsAfterEnd: read.rowsAfterEnd,
        customers: this.ids.length,
        customersFirstSeenAfter: this.firstSeenAfter,
        repeatBuyers: this.repeatBuyers,
        negativeAmountRows: read.negativeAmountRows,
      },
      definitions: clvDefinitions(this.spec, scale),
    };
  }
}

/** The summary's definitions in words (the same on every engine). */
export function clvDefinitions(s: ResolvedClvSummarySpec, scale: number): string[] {
  const unit = s.timeUnit;
  const inUnits = scale === 1 ? `${unit}s` : `${s.durationUnit}s (${unit}s × ${scale.toPrecision(6)})`;
  const end = s.calibrationEnd ?? s.end;
  const lines = [
    `purchases merged per customer per ${unit} (${s.timeZone})`,
    `frequency = ${unit}s with a purchase − 1, up to ${end}`,
    `recency = ${inUnits} from the first to the last purchase ${unit}`,
    `T = ${inUnits} from the first purchase ${unit} to ${end}`,
    'monetary_value = mean total of the repeat periods (first purchase excluded; 0 without repeats)',
    `customers first seen after ${end} left out`,
  ];
  if (s.calibrationEnd !== undefined) {
    lines.push(
      `holdout = purchases after ${s.calibrationEnd} up to ${s.end}: frequency_holdout = ${unit}s with a purchase, monetary_value_holdout = their mean total`,
    );
  }
  return lines;
}
