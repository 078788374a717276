import type { ColumnTable } from 'arquero';
import type { ResolvedClvSummarySpec } from './spec.js';

/** What `clvSummary` left out or found, so nothing is dropped silently. */
export interface ClvSummaryCounts {
  /** Order rows read. */
  rows: number;
  /** Rows after `end`, left out. */
  rowsAfterEnd: number;
  /** Customers in the summary. */
  customers: number;
  /** Customers whose first purchase is after the (calibration) end: left out, as lifetimes does. */
  customersFirstSeenAfter: number;
  /** Customers with at least one repeat period (frequency > 0). */
  repeatBuyers: number;
  /** Rows with a negative amount (summed as given into their period's total). */
  negativeAmountRows: number;
}

/** What `clvSummary` returns. */
export interface ClvSummary {
  /**
   * One row per customer, in order of first appearance: `user_id`, `frequency` (repeat periods), `recency`
   * (first to last purchase), `T` (first purchase to the end), `monetary_value` (mean total of the repeat
   * periods; 0 without repeats; only when the orders have `amount`), and with `calibrationEnd` also
   * `frequency_holdout`, `monetary_value_holdout`, `duration_holdout`. Durations are in `spec.durationUnit`.
   */
  customers: ColumnTable;
  spec: ResolvedClvSummarySpec;
  counts: ClvSummaryCounts;
  /** The definitions used, in words (for a notebook or an export). */
  definitions: string[];
}
