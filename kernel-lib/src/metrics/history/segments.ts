/** Rows of one table grouped by user (CSR layout): user `u` owns rows `start[u]` … `start[u+1]-1`, by time. */
export interface Segments {
  start: Int32Array;
  /** Local day number of each row. */
  day: Int32Array;
  /** UTC epoch ms of each row (ties in time keep input order). */
  ms: Float64Array;
}

/** Events grouped by user, with the event kind coded in `History.eventKinds` (history.ts). */
export interface EventSegments extends Segments {
  kind: Int32Array;
}

/** Orders grouped by user. */
export interface OrderSegments extends Segments {
  amount: Float64Array;
  /** term_days, NaN when the order has no fixed term (or the column is absent). */
  term: Float64Array;
  /** product_type coded in `History.productTypes`, -1 when missing. */
  type: Int32Array;
}

/** Amount-bearing rows (payouts, balances) grouped by user. */
export interface AmountSegments extends Segments {
  amount: Float64Array;
}
