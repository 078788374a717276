import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import {
  Dictionary,
  DictionaryColumn,
  SpecError,
  load,
  loadReport,
  numbersOf,
  tableTimeZone,
  withTimeZone,
  type LoadOptions,
  type LoadReport,
  type RowFilter,
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

/** Result of {@link loadOnlineRetail}. */
export interface OnlineRetail {
  /** order_id, product_id, description, quantity, ts, unit_price, user_id, country, amount. */
  orders: ColumnTable;
  rules: OnlineRetailRules;
  /** Lines read and kept, and the lines each rule dropped (kernel-lib's load report). */
  report: LoadReport;
  /** Sum of kept amounts in thousandths of a pound, exact (every amount is a whole number of thousandths). */
  totalMilliPounds: number;
}

const RULE_KEYS = [
  'cancellations',
  'missingCustomer',
  'nonPositiveQuantity',
  'nonPositivePrice',
  'dictionary',
];

/** Input headers kept under a snake_case name (the canonical ones are mapped by `columns`). */
const RENAMED: Record<string, string> = {
  Quantity: 'quantity',
  UnitPrice: 'unit_price',
  Country: 'country',
  Description: 'description',
};

/**
 * The options of kernel-lib's `load()` that read the Online Retail file onto canonical orders under
 * `rules`, in one call: the mapping, the zone, amount = Quantity × UnitPrice (exact) and the rules as
 * `where` filters (in the order cancellations, price, quantity) and `missingUsers`.
 * @param rules the cleaning rules (see {@link resolveRules})
 * @param dictionary encode user ids into this dictionary
 * @returns options for `load()`
 * @example await load('online_retail.csv.gz', onlineRetailLoadOptions(resolveRules({})))
 */
export function onlineRetailLoadOptions(rules: OnlineRetailRules, dictionary?: Dictionary): LoadOptions {
  const where: RowFilter[] = [];
  if (rules.cancellations === 'drop') {
    where.push({
      column: 'InvoiceNo',
      startsWith: 'C',
      keep: false,
      label: 'cancellations (InvoiceNo starts with C)',
    });
  }
  if (rules.nonPositivePrice === 'drop') {
    where.push({ column: 'UnitPrice', '>': 0, label: 'unit price ≤ 0' });
  }
  if (rules.nonPositiveQuantity === 'drop') {
    where.push({ column: 'Quantity', '>': 0, label: 'quantity ≤ 0 (not cancellations)' });
  }
  return {
    table: 'orders',
    columns: { orderId: 'InvoiceNo', userId: 'CustomerID', ts: 'InvoiceDate', productId: 'StockCode' },
    timeZone: rules.timeZone,
    types: { Description: 'string', Country: 'string' },
    amount: { product: ['Quantity', 'UnitPrice'] },
    where,
    missingUsers: rules.missingCustomer === 'drop' ? 'drop' : 'error',
    ...(dictionary ? { dictionary } : {}),
  };
}

/**
 * Loads the UCI "Online Retail" data set onto the canonical `orders` table in one `load()` call (the
 * file is read once): order_id = InvoiceNo, user_id = CustomerID (`17850.0` → `17850`), ts =
 * InvoiceDate in Europe/London, product_id = StockCode, amount = Quantity × UnitPrice exact to the
 * millionth, plus quantity, unit_price, country and description. Cancellations, non-positive prices and
 * quantities and missing customers follow the stated rules; the load report says how many lines each
 * rule dropped (a line counted under the first rule that dropped it: cancellations, price, quantity,
 * then missing customer).
 * @param path the CSV (or `.csv.gz`) file, e.g. `datasets/online-retail/online_retail.csv.gz`
 * @param options the cleaning rules
 * @returns the orders, the rules applied and the load report
 * @example const { orders, report } = await loadOnlineRetail('datasets/online-retail/online_retail.csv.gz', { cancellations: 'negative', nonPositiveQuantity: 'keep' });
 */
export async function loadOnlineRetail(
  path: string,
  options: OnlineRetailOptions = {},
): Promise<OnlineRetail> {
  const rules = resolveRules(options);
  const dictionary = options.dictionary ?? new Dictionary();
  const loaded = await load(path, onlineRetailLoadOptions(rules, dictionary));
  const report = loadReport(loaded)!;
  const data: Record<string, unknown> = {};
  const names = loaded.columnNames().map((n) => RENAMED[n] ?? n);
  loaded.columnNames().forEach((n, k) => (data[names[k]] = loaded.column(n)));
  if (rules.missingCustomer === 'unknown') {
    // Kept lines without a customer go under one stated id (missingUsers: 'error' kept them as missing).
    const ids = data.user_id as DictionaryColumn;
    const unknown = dictionary.encode('unknown');
    data.user_id = new DictionaryColumn(
      ids.codes.map((c) => (c < 0 ? unknown : c)),
      dictionary,
    );
  }
  // A table built anew carries no zone: give it the one load() read the timestamps in.
  const orders = withTimeZone(new aq.ColumnTable(data as any, names), tableTimeZone(loaded)!);
  // Prices have at most 3 decimals and quantities none: every amount is whole thousandths, summed exactly.
  let milli = 0;
  for (const a of numbersOf(orders, 'amount')) milli += Math.round(a * 1000);
  return { orders, rules, report, totalMilliPounds: milli };
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
  const rules: OnlineRetailRules = {
    cancellations: pick('cancellations', ['drop', 'negative'], 'drop'),
    missingCustomer: pick('missingCustomer', ['drop', 'unknown'], 'drop'),
    nonPositivePrice: pick('nonPositivePrice', ['drop', 'keep'], 'drop'),
    nonPositiveQuantity: pick('nonPositiveQuantity', ['drop', 'keep'], 'drop'),
    timeZone: 'Europe/London',
  };
  // Cancellations have negative quantities: kept, they would all fall to the quantity rule.
  if (rules.cancellations === 'negative' && rules.nonPositiveQuantity === 'drop') {
    throw new SpecError(
      'nonPositiveQuantity',
      'drop',
      "'keep' with cancellations: 'negative' (cancellation lines have negative quantities)",
    );
  }
  return rules;
}
