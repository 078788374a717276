import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { codesOf, hasColumn, numbersOf, stringsOf, timestampsOf } from '../../table/access.js';
import { DictionaryColumn } from '../../table/columns.js';
import { Dictionary } from '../../table/dictionary.js';
import { orderColumnOf, type ResolvedOrderCounting } from '../orders/orderCounting.js';
import { checkOrderIds, rollUpOrders } from '../orders/orderUnits.js';

/** The tables a campaign review reads (canonical columns, see DESIGN.md). */
export interface CampaignData {
  /** coupon_id, user_id, granted_at, threshold, reward, redeemed_at, order_id [, campaign_id, holdout]. */
  coupons: ColumnTable;
  /** order_id, user_id, ts, amount [, term_days, coupon_id]. */
  orders: ColumnTable;
  /** The target list: user_id [, holdout, the tier column]. Users here without a coupon count as targeted. */
  targets?: ColumnTable;
  /** A hold-out group that got no coupon: user_id. */
  holdout?: ColumnTable;
  /** user_id [, the tier column]. */
  users?: ColumnTable;
  /** user_id, ts, amount: money paid back to users (for tiers by `lastPayoutAmount`). */
  payouts?: ColumnTable;
}

/** Truthy / falsy spellings of a hold-out flag. */
const TRUE = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f', '']);

/** A flag column (booleans, 0/1, "true"/"false") as 0/1 bytes; anything else is an input error. */
export function flagsOf(table: ColumnTable, name: string, what: string): Uint8Array {
  const values = stringsOf(table, name);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = (values[i] ?? '').trim().toLowerCase();
    if (TRUE.has(v)) out[i] = 1;
    else if (!FALSE.has(v)) {
      throw new InputError(
        'not a flag',
        { file: what, row: i + 1, column: name, value: values[i] },
        'true/false, 1/0 or yes/no',
      );
    }
  }
  return out;
}

/** Coupon rows of the campaign (hold-out marker rows and other campaigns removed), as typed arrays. */
export interface CouponRows {
  /** Row in the input `coupons` table (for error messages). */
  row: Int32Array;
  user: Int32Array;
  grantedAt: Float64Array;
  redeemedAt: Float64Array;
  threshold: Float64Array;
  reward: Float64Array;
  /** Linked order (index into the orders of {@link CampaignInputs}), or -1. */
  order: Int32Array;
}

/** Everything the review needs, with user ids coded in one shared dictionary. */
export interface CampaignInputs {
  dictionary: Dictionary;
  coupons: CouponRows;
  /**
   * The orders: one per order id when the lines are rolled up (`orderColumn`), else one per row of
   * `orders`; each with its user, earliest instant and exact total.
   */
  orderUser: Int32Array;
  orderTs: Float64Array;
  orderAmount: Float64Array;
  /** The order column the lines were rolled up by, or null (each row an order). */
  orderColumn: string | null;
  /** With a term_days column: each line's order, term and amount (a term is chosen per line). */
  terms?: { order: Int32Array; term: Float64Array; amount: Float64Array };
  /** 1 where the order is linked to a coupon of this campaign (on any of its lines). */
  orderIsCoupon: Uint8Array;
  /** Per user code: 1 = hold-out. */
  holdout: Uint8Array;
  /** Per user code: 1 = targeted (got a coupon or listed in `targets` and not hold-out). */
  targeted: Uint8Array;
}

/**
 * Reads and cross-checks the campaign tables. Bad rows (a coupon redeemed before it was granted, a
 * redeemed coupon whose order is missing, a hold-out user who got a coupon) throw an InputError naming
 * the table, row, column and value.
 */
export function readCampaignInputs(
  data: CampaignData,
  campaignId: string | undefined,
  orphanRedemptions: 'error' | 'countWithoutOrder',
  counting: ResolvedOrderCounting = { counting: 'orders', orderColumn: 'order_id' },
): CampaignInputs {
  const dictionary = sharedDictionary(data);
  const { coupons, orders } = data;
  const couponUser = codesOf(coupons, 'user_id', dictionary).codes;
  const orderUser = codesOf(orders, 'user_id', dictionary).codes;
  const orderTs = timestampsOf(orders, 'ts');
  for (let i = 0; i < orderTs.length; i++) {
    if (Number.isNaN(orderTs[i])) {
      throw new InputError('missing order time', { file: 'orders', row: i + 1, column: 'ts' }, 'a timestamp');
    }
  }
  const orderAmount = numbersOf(orders, 'amount');
  for (let i = 0; i < orderAmount.length; i++) {
    if (Number.isNaN(orderAmount[i])) {
      throw new InputError('missing amount', { file: 'orders', row: i + 1, column: 'amount' }, 'a number');
    }
  }
  const lineTerm = hasColumn(orders, 'term_days') ? numbersOf(orders, 'term_days') : undefined;

  const keep = campaignRows(coupons, campaignId);
  const holdoutRow = hasColumn(coupons, 'holdout') ? flagsOf(coupons, 'holdout', 'coupons') : undefined;

  // Extra user tables are coded after the coupons and orders so their codes are shared.
  const targetUser = data.targets ? codesOf(data.targets, 'user_id', dictionary).codes : undefined;
  const targetHoldout =
    data.targets && hasColumn(data.targets, 'holdout')
      ? flagsOf(data.targets, 'holdout', 'targets')
      : undefined;
  const holdoutUser = data.holdout ? codesOf(data.holdout, 'user_id', dictionary).codes : undefined;
  if (data.users) codesOf(data.users, 'user_id', dictionary);
  if (data.payouts) codesOf(data.payouts, 'user_id', dictionary);

  const n = dictionary.size;
  const holdout = new Uint8Array(n);
  const targeted = new Uint8Array(n);
  if (holdoutUser) for (const u of holdoutUser) if (u >= 0) holdout[u] = 1;
  if (targetUser) {
    for (let i = 0; i < targetUser.length; i++) {
      const u = targetUser[i];
      if (u < 0) continue;
      if (targetHoldout?.[i]) holdout[u] = 1;
      else targeted[u] = 1;
    }
  }

  const rows: number[] = [];
  for (let i = 0; i < couponUser.length; i++) {
    if (!keep[i] || couponUser[i] < 0) continue;
    if (holdoutRow?.[i]) holdout[couponUser[i]] = 1;
    else rows.push(i);
  }
  const picked = pickCouponRows(coupons, rows, couponUser);
  for (let k = 0; k < picked.user.length; k++) {
    const u = picked.user[k];
    if (holdout[u]) {
      throw new InputError(
        'a hold-out user was granted a coupon',
        { file: 'coupons', row: picked.row[k] + 1, column: 'user_id', value: dictionary.decode(u) },
        'hold-out users to get no coupon of the campaign',
      );
    }
    targeted[u] = 1;
  }
  for (let u = 0; u < n; u++) if (holdout[u]) targeted[u] = 0;

  const lineIsCoupon = linkOrders(coupons, orders, picked, orderUser, n, orphanRedemptions);
  // Invoice lines to orders: an order is one purchase, at its earliest line, worth its lines' exact sum.
  const orderColumn = orderColumnOf(orders, counting);
  let units = { users: orderUser, ts: orderTs, amount: orderAmount, unitOf: identity(orderUser.length) };
  if (orderColumn !== null) {
    const codes = codesOf(orders, orderColumn);
    checkOrderIds(codes, orderUser, orderTs, orderColumn, (u) => dictionary.decode(u));
    units = rollUpOrders(codes, orderUser, orderTs, orderAmount);
    for (let i = 0; i < orderUser.length; i++)
      if (orderUser[i] >= 0) units.users[units.unitOf[i]] = orderUser[i];
  }
  const orderIsCoupon = new Uint8Array(units.ts.length);
  for (let i = 0; i < lineIsCoupon.length; i++) if (lineIsCoupon[i]) orderIsCoupon[units.unitOf[i]] = 1;
  for (let k = 0; k < picked.order.length; k++)
    if (picked.order[k] >= 0) picked.order[k] = units.unitOf[picked.order[k]];
  return {
    dictionary,
    coupons: picked,
    orderUser: units.users,
    orderTs: units.ts,
    orderAmount: units.amount,
    orderColumn,
    ...(lineTerm ? { terms: { order: units.unitOf, term: lineTerm, amount: orderAmount } } : {}),
    orderIsCoupon,
    holdout,
    targeted,
  };
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * The user-id dictionary all given tables already share (tables loaded with one `dictionary`): used as it
 * is, so no table is recoded and the shared dictionary is not changed. Otherwise a fresh one.
 */
function sharedDictionary(data: CampaignData): Dictionary {
  const tables = [data.coupons, data.orders, data.targets, data.holdout, data.users, data.payouts];
  let shared: Dictionary | undefined;
  for (const t of tables) {
    if (!t) continue;
    const col = t.column('user_id');
    if (!(col instanceof DictionaryColumn)) return new Dictionary();
    if (shared && col.dictionary !== shared) return new Dictionary();
    shared = col.dictionary;
  }
  return shared ?? new Dictionary();
}

function campaignRows(coupons: ColumnTable, campaignId: string | undefined): Uint8Array {
  const keep = new Uint8Array(coupons.numRows()).fill(1);
  if (campaignId === undefined) return keep;
  const ids = stringsOf(coupons, 'campaign_id');
  for (let i = 0; i < ids.length; i++) keep[i] = ids[i] === campaignId ? 1 : 0;
  return keep;
}

function pickCouponRows(coupons: ColumnTable, rows: number[], couponUser: Int32Array): CouponRows {
  const granted = timestampsOf(coupons, 'granted_at');
  const redeemed = timestampsOf(coupons, 'redeemed_at');
  const threshold = numbersOf(coupons, 'threshold');
  const reward = numbersOf(coupons, 'reward');
  const m = rows.length;
  const out: CouponRows = {
    row: Int32Array.from(rows),
    user: new Int32Array(m),
    grantedAt: new Float64Array(m),
    redeemedAt: new Float64Array(m),
    threshold: new Float64Array(m),
    reward: new Float64Array(m),
    order: new Int32Array(m).fill(-1),
  };
  for (let k = 0; k < m; k++) {
    const i = rows[k];
    for (const [name, col] of [
      ['threshold', threshold],
      ['reward', reward],
    ] as const) {
      if (!(col[i] >= 0)) {
        throw new InputError(
          `bad coupon ${name}`,
          { file: 'coupons', row: i + 1, column: name, value: col[i] },
          'a number ≥ 0',
        );
      }
    }
    if (Number.isNaN(granted[i])) {
      throw new InputError(
        'missing grant time',
        { file: 'coupons', row: i + 1, column: 'granted_at' },
        'a timestamp',
      );
    }
    if (redeemed[i] < granted[i]) {
      throw new InputError(
        'coupon redeemed before it was granted',
        { file: 'coupons', row: i + 1, column: 'redeemed_at', value: new Date(redeemed[i]).toISOString() },
        `a time at or after granted_at ${new Date(granted[i]).toISOString()}`,
      );
    }
    out.user[k] = couponUser[i];
    out.grantedAt[k] = granted[i];
    out.redeemedAt[k] = redeemed[i];
    out.threshold[k] = threshold[i];
    out.reward[k] = reward[i];
  }
  return out;
}

/** Links redeemed coupons to their orders (coupons.order_id, else orders.coupon_id); marks coupon orders. */
function linkOrders(
  coupons: ColumnTable,
  orders: ColumnTable,
  picked: CouponRows,
  orderUser: Int32Array,
  users: number,
  orphanRedemptions: 'error' | 'countWithoutOrder',
): Uint8Array {
  // Only orders of users who redeemed a coupon are indexed: hashing every order id costs more than the
  // whole review on a large table.
  const redeemer = new Uint8Array(users);
  for (let k = 0; k < picked.user.length; k++)
    if (!Number.isNaN(picked.redeemedAt[k])) redeemer[picked.user[k]] = 1;
  const isCoupon = new Uint8Array(orders.numRows());
  const byCouponOrderId = hasColumn(coupons, 'order_id');
  const byOrderCouponId = hasColumn(orders, 'coupon_id');
  if (!byCouponOrderId && !byOrderCouponId && orphanRedemptions === 'error') {
    throw new InputError(
      'cannot link coupons to orders',
      { file: 'coupons' },
      'a column order_id in coupons or coupon_id in orders (or orphanRedemptions: "countWithoutOrder")',
    );
  }
  const couponOrderIds = byCouponOrderId ? stringsOf(coupons, 'order_id') : undefined;
  const orderIndex = new Map<string, number>();
  if (byCouponOrderId) {
    const ids = stringsOf(orders, 'order_id');
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] !== null && orderUser[i] >= 0 && redeemer[orderUser[i]]) orderIndex.set(ids[i]!, i);
    }
  }
  const couponIndex = new Map<string, number>();
  if (!byCouponOrderId && byOrderCouponId) {
    const ids = stringsOf(orders, 'coupon_id');
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] !== null && ids[i] !== '' && orderUser[i] >= 0 && redeemer[orderUser[i]])
        couponIndex.set(ids[i]!, i);
    }
  }
  const couponIds = !byCouponOrderId && byOrderCouponId ? stringsOf(coupons, 'coupon_id') : undefined;
  for (let k = 0; k < picked.user.length; k++) {
    if (Number.isNaN(picked.redeemedAt[k])) continue;
    const i = picked.row[k];
    let o: number | undefined;
    let column = 'order_id';
    let value: string | null = null;
    if (couponOrderIds) {
      value = couponOrderIds[i];
      o = value === null || value === '' ? undefined : orderIndex.get(value);
    } else if (couponIds) {
      column = 'coupon_id';
      value = couponIds[i];
      o = value === null ? undefined : couponIndex.get(value);
    }
    if (o === undefined) {
      if (orphanRedemptions === 'error') {
        throw new InputError(
          'redeemed coupon has no matching order',
          { file: 'coupons', row: i + 1, column, value },
          'the order the coupon was used on, placed by the same user, to be in orders (or orphanRedemptions: "countWithoutOrder")',
        );
      }
      continue;
    }
    picked.order[k] = o;
    isCoupon[o] = 1;
  }
  return isCoupon;
}
