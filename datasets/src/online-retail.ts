import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import {
  Dictionary,
  DictionaryColumn,
  InputError,
  type InputLocation,
  SpecError,
  TimestampColumn,
  load,
  numbersOf,
  stringsOf,
  timestampsOf,
} from '@fupan/kernel-lib';

/** What to do with cancellation lines (InvoiceNo starting with `C`, negative quantities). */
export type CancellationRule = 'drop' | 'negative';
/** What to do with lines without a CustomerID. */
export type MissingCustomerRule = 'drop' | 'unknown';
/** What to do with other lines whose quantity or unit price is zero or negative. */
export type NonPositiveRule = 'drop' | 'keep';

/** The cleaning rules of {@link loadOnlineRetail}; every rule is optional and stated in the result. */
export interface OnlineRetailOptions {
  /** `drop` cancellations, or keep them as negative amounts. @default 'drop' */
  cancellations?: CancellationRule;
  /** `drop` lines without a customer, or keep them under the user id `unknown`. @default 'drop' */
  missingCustomer?: MissingCustomerRule;
  /** Lines (not cancellations) with quantity <= 0: `drop` or `keep`. @default 'drop' */
  nonPositiveQuantity?: NonPositiveRule;
  /** Lines with unit price <= 0 (free items, bad-debt adjustments): `drop` or `keep`. @default 'drop' */
  nonPositivePrice?: NonPositiveRule;
  /** Encode user ids into this dictionary (to share codes with other tables). */
  dictionary?: Dictionary;
}

/** The rules applied, with defaults filled in, in the order they are checked. */
export interface OnlineRetailRules {
  cancellations: CancellationRule;
  missingCustomer: MissingCustomerRule;
  nonPositivePrice: NonPositiveRule;
  nonPositiveQuantity: NonPositiveRule;
  /** The zone of InvoiceDate (the retailer is in the UK). */
  timeZone: 'Europe/London';
}

/** How many lines each rule touched. A dropped line counts under the first rule that dropped it. */
export interface OnlineRetailCounts {
  lines: number;
  kept: number;
  cancellations: number;
  droppedCancellations: number;
  missingCustomer: number;
  droppedMissingCustomer: number;
  nonPositivePrice: number;
  droppedNonPositivePrice: number;
  nonPositiveQuantity: number;
  droppedNonPositiveQuantity: number;
}

/** Result of {@link loadOnlineRetail}. */
export interface OnlineRetail {
  /** order_id, user_id, ts, amount, product_id, quantity, unit_price, country, description. */
  orders: ColumnTable;
  rules: OnlineRetailRules;
  counts: OnlineRetailCounts;
  /** Sum of kept amounts in thousandths of a pound, exact (integer arithmetic; 4 lines cost £0.001 each). */
  totalMilliPounds: number;
}

const RULE_KEYS = [
  'cancellations',
  'missingCustomer',
  'nonPositiveQuantity',
  'nonPositivePrice',
  'dictionary',
];

/**
 * Loads the UCI "Online Retail" data set onto the canonical `orders` table: order_id = InvoiceNo,
 * user_id = CustomerID (`17850.0` → `17850`), ts = InvoiceDate in Europe/London, amount = Quantity ×
 * UnitPrice computed exactly in integer thousandths of a pound (then divided once), product_id =
 * StockCode, plus quantity, unit_price, country and description. Cancellations, missing customers and
 * non-positive quantities and prices follow the stated rules; the result says which and how many lines.
 * @param path the CSV (or `.csv.gz`) file, e.g. `datasets/online-retail/online_retail.csv.gz`
 * @param options the cleaning rules
 * @returns the orders, the rules applied and the counts
 * @example const { orders, counts } = await loadOnlineRetail('datasets/online-retail/online_retail.csv.gz', { cancellations: 'negative' });
 */
export async function loadOnlineRetail(
  path: string,
  options: OnlineRetailOptions = {},
): Promise<OnlineRetail> {
  const rules = resolveRules(options);
  const raw = await load(path, {
    timeZone: rules.timeZone,
    types: {
      InvoiceNo: 'string',
      StockCode: 'string',
      CustomerID: 'string',
      UnitPrice: 'string',
      Quantity: 'number',
      InvoiceDate: 'timestamp',
    },
  });
  for (const c of [
    'InvoiceNo',
    'StockCode',
    'Quantity',
    'InvoiceDate',
    'UnitPrice',
    'CustomerID',
    'Country',
  ]) {
    if (!raw.columnNames().includes(c)) {
      throw new InputError(`missing column "${c}"`, { file: path }, 'the Online Retail header');
    }
  }
  const invoice = stringsOf(raw, 'InvoiceNo');
  const stock = stringsOf(raw, 'StockCode');
  const quantity = numbersOf(raw, 'Quantity');
  const date = timestampsOf(raw, 'InvoiceDate');
  const price = stringsOf(raw, 'UnitPrice');
  const customer = stringsOf(raw, 'CustomerID');
  const country = stringsOf(raw, 'Country');
  const description = raw.columnNames().includes('Description') ? stringsOf(raw, 'Description') : null;
  const n = raw.numRows();
  const counts: OnlineRetailCounts = {
    lines: n,
    kept: 0,
    cancellations: 0,
    droppedCancellations: 0,
    missingCustomer: 0,
    droppedMissingCustomer: 0,
    nonPositivePrice: 0,
    droppedNonPositivePrice: 0,
    nonPositiveQuantity: 0,
    droppedNonPositiveQuantity: 0,
  };
  const keep: number[] = [];
  const milli = new Float64Array(n);
  const userIds: string[] = new Array(n);
  let total = 0;
  // Prices and customer ids repeat a lot: parse each distinct text once.
  const prices = new Map<string, number>();
  const customers = new Map<string, string | null>();
  for (let i = 0; i < n; i++) {
    const q = quantity[i];
    if (!Number.isInteger(q)) {
      throw new InputError('not a whole quantity', at(path, i, 'Quantity', q), 'an integer');
    }
    if (Number.isNaN(date[i])) {
      throw new InputError('missing date', at(path, i, 'InvoiceDate', null), 'a timestamp');
    }
    const priceText = price[i] ?? '';
    let p = prices.get(priceText);
    if (p === undefined) {
      p = priceMilli(priceText, at(path, i, 'UnitPrice', priceText));
      prices.set(priceText, p);
    }
    const customerText = customer[i] ?? '';
    let id = customers.get(customerText);
    if (id === undefined) {
      id = normaliseCustomer(customerText);
      customers.set(customerText, id);
    }
    const cancelled = (invoice[i] ?? '').startsWith('C');
    let drop = false;
    if (cancelled) {
      counts.cancellations++;
      if (rules.cancellations === 'drop') drop = bump(counts, 'droppedCancellations');
    }
    if (id === null) {
      counts.missingCustomer++;
      if (!drop && rules.missingCustomer === 'drop') drop = bump(counts, 'droppedMissingCustomer');
    }
    if (p <= 0) {
      counts.nonPositivePrice++;
      if (!drop && rules.nonPositivePrice === 'drop') drop = bump(counts, 'droppedNonPositivePrice');
    }
    if (!cancelled && q <= 0) {
      counts.nonPositiveQuantity++;
      if (!drop && rules.nonPositiveQuantity === 'drop') drop = bump(counts, 'droppedNonPositiveQuantity');
    }
    if (drop) continue;
    keep.push(i);
    milli[i] = q * p; // exact: |q·p| stays far below 2^53
    userIds[i] = id ?? 'unknown';
    total += milli[i];
  }
  counts.kept = keep.length;
  const dictionary = options.dictionary ?? new Dictionary();
  const m = keep.length;
  const userCodes = new Int32Array(m);
  const ts = new Float64Array(m);
  const amount = new Float64Array(m);
  const qty = new Float64Array(m);
  const unitPrice = new Float64Array(m);
  const orderId: string[] = new Array(m);
  const productId: string[] = new Array(m);
  const countryOut: string[] = new Array(m);
  const descriptionOut: (string | null)[] = new Array(m);
  for (let k = 0; k < m; k++) {
    const i = keep[k];
    userCodes[k] = dictionary.encode(userIds[i]);
    ts[k] = date[i];
    amount[k] = milli[i] / 1000;
    qty[k] = quantity[i];
    unitPrice[k] = Number(price[i]);
    orderId[k] = invoice[i] ?? '';
    productId[k] = stock[i] ?? '';
    countryOut[k] = country[i] ?? '';
    descriptionOut[k] = description ? description[i] : null;
  }
  const orders = aq.table({
    order_id: orderId,
    user_id: new DictionaryColumn(userCodes, dictionary),
    ts: new TimestampColumn(ts),
    amount,
    product_id: productId,
    quantity: qty,
    unit_price: unitPrice,
    country: countryOut,
    description: descriptionOut,
  } as any);
  return { orders, rules, counts, totalMilliPounds: total };
}

/**
 * Checks the options and fills the defaults.
 * @param options the rules as given
 * @returns the rules with defaults, in the order they are checked
 * @example resolveRules({ cancellations: 'negative' }).missingCustomer // 'drop'
 */
export function resolveRules(options: OnlineRetailOptions): OnlineRetailRules {
  if (typeof options !== 'object' || options === null) throw new SpecError('options', options, 'an object');
  for (const k of Object.keys(options))
    if (!RULE_KEYS.includes(k)) throw new SpecError('option', k, RULE_KEYS);
  const pick = <T extends string>(name: keyof OnlineRetailOptions, allowed: readonly T[], fallback: T): T => {
    const v = options[name];
    if (v === undefined) return fallback;
    if (!allowed.includes(v as T)) throw new SpecError(name, v, allowed);
    return v as T;
  };
  return {
    cancellations: pick('cancellations', ['drop', 'negative'], 'drop'),
    missingCustomer: pick('missingCustomer', ['drop', 'unknown'], 'drop'),
    nonPositivePrice: pick('nonPositivePrice', ['drop', 'keep'], 'drop'),
    nonPositiveQuantity: pick('nonPositiveQuantity', ['drop', 'keep'], 'drop'),
    timeZone: 'Europe/London',
  };
}

/**
 * `17850.0` → `17850`; empty → null.
 * @param value the CustomerID text
 * @returns the id without the float suffix, or null
 * @example normaliseCustomer('17850.0') // '17850'
 */
export function normaliseCustomer(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  if (v === '') return null;
  const m = /^(\d+)\.0*$/.exec(v);
  return m ? m[1] : v;
}

/**
 * A price like `2.55` or `-11062.06` as an exact integer number of thousandths of a pound.
 * @param text the UnitPrice text
 * @param where file, line and column for the error
 * @returns thousandths of a pound
 * @example priceMilli('2.55', { file: 'online_retail.csv' }) // 2550
 */
export function priceMilli(text: string | null | undefined, where: InputLocation): number {
  const m = /^(-?)(\d*)(?:\.(\d{0,3}))?$/.exec((text ?? '').trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new InputError('not a price', where, 'a decimal with at most 3 decimals');
  }
  const value = Number(m[2] || '0') * 1000 + Number((m[3] ?? '').padEnd(3, '0'));
  return m[1] === '-' ? -value : value;
}

/** Where row `i` of the file is (line 1 is the header). */
function at(file: string, i: number, column: string, value: unknown): InputLocation {
  return { file, line: i + 2, row: i + 1, column, value };
}

function bump(counts: OnlineRetailCounts, key: keyof OnlineRetailCounts): true {
  counts[key]++;
  return true;
}
