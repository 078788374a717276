import { codesOf, guessMapping, normalizeHeader } from '@fupan/kernel-lib';
import type { ColumnTable } from 'arquero';

/**
 * How the preview loads one file (预览的导入选项), remembered per file: the column mapping, an amount derived
 * as a product of two columns when the export has none (Online Retail: Quantity × UnitPrice), and whether rows
 * without a customer id are dropped (counted, and said so).
 */
export interface PreviewLoadChoices {
  /** canonical camelCase name → the file's header */
  columns?: Record<string, string>;
  amount?: { product: [string, string] };
  missingUsers?: 'drop';
  /** Fields separated by runs of spaces (a file the first load read as one column). */
  delimiter?: 'whitespace';
}

const QUANTITY = ['quantity', 'qty', 'units', 'count', '数量', '件数', '购买数量', '商品数量'];
const UNIT_PRICE = ['unitprice', 'price', 'priceeach', 'itemprice', '单价', '价格', '商品单价', '售价'];

/**
 * The preview's first guess from a header row: kernel-lib's mapping and, when no header is an amount, a
 * quantity × unit-price product from the headers left over.
 * @param headers the file's header row (empty for formats that carry their own names)
 * @returns the choices to load with, or undefined when there is nothing to guess from
 * @example guessLoadChoices(['InvoiceNo', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID']).amount
 *   // { product: ['Quantity', 'UnitPrice'] }
 */
export function guessLoadChoices(headers: readonly string[]): PreviewLoadChoices | undefined {
  if (headers.length === 0) return undefined;
  const guess = guessMapping(headers, 'orders');
  const choices: PreviewLoadChoices = { columns: guess.columns };
  if (!guess.columns.amount) {
    const find = (names: string[]) => guess.unmapped.find((h) => names.includes(normalizeHeader(h)));
    const quantity = find(QUANTITY);
    const price = find(UNIT_PRICE);
    if (quantity && price) choices.amount = { product: [quantity, price] };
  }
  return choices;
}

/** The choices in words, for "Columns guessed: …" (e.g. `amount ← Quantity × UnitPrice`). */
export function describeLoadChoices(choices: PreviewLoadChoices): string {
  const parts = Object.entries(choices.columns ?? {}).map(
    ([canonical, header]) => `${canonical} ← ${header}`,
  );
  if (choices.amount) parts.push(`amount ← ${choices.amount.product.join(' × ')}`);
  if (choices.missingUsers === 'drop') parts.push('rows with no customer id dropped');
  if (choices.delimiter) parts.push(`delimiter ${choices.delimiter}`);
  return parts.join(', ');
}

/** Rows of loaded orders without a user id (the preview offers to drop them, naming how many). */
export function rowsWithoutUser(orders: ColumnTable): number {
  if (!orders.columnNames().includes('user_id')) return 0;
  const { codes } = codesOf(orders, 'user_id');
  let missing = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] < 0) missing++;
  return missing;
}

/**
 * The choices with a mapping the user confirmed: a header mapped to `amount` replaces a derived amount
 * (`load()` refuses both at once).
 * @example withColumns({ amount: { product: ['Qty', 'Price'] } }, { amount: 'Total' }) // { columns: { amount: 'Total' } }
 */
export function withColumns(
  choices: PreviewLoadChoices,
  columns: Record<string, string>,
): PreviewLoadChoices {
  const { amount, ...rest } = choices;
  return columns.amount ? { ...rest, columns } : { ...rest, ...(amount ? { amount } : {}), columns };
}
