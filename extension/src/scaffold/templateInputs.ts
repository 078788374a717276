import { CANONICAL_SCHEMAS, guessMapping, type CanonicalTableName } from '@fupan/kernel-lib';
import { camelOf } from '../mapping/canonicalNames.js';
import { guessLoadChoices } from '../preview/previewLoad.js';
import { parameterLines, readParameter } from './parameterCell.js';
import { tableOfInput } from './analysisKinds.js';

/**
 * One data input of a notebook template (模板的数据输入): a key of its `DATA` constant, read from the
 * parameter cell by name, so the scaffold works with any template that keeps that constant.
 */
export interface TemplateInput {
  /** The key in `DATA`, e.g. `orders`. */
  key: string;
  /** The canonical table `load()` reads it as, when the key names one. */
  table?: CanonicalTableName;
  /**
   * Whether the notebook runs without it. An input is optional when the template says so: its `DATA` value
   * is `null` or `''`, or the comment on its line says "optional" (可选).
   */
  optional: boolean;
  /** One line for the quick pick: what the file holds and what it is used for. */
  explanation: string;
}

/** What each input the templates use holds, for users who have not read the template. */
const EXPLANATIONS: Record<string, string> = {
  orders: 'orders or order lines: customer id, time, amount (an order id if the export has one)',
  events: 'activity events: customer id, time, event name (logins, visits, …)',
  users: 'one row per customer: id, sign-up time, channel',
  coupons: 'coupons granted: customer id, grant time, threshold and reward, redeemed time and order id',
  targets: 'who the campaign targeted: customer id, holdout = true for a control group that got no coupon',
  payouts: 'money paid back to customers: customer id, time, amount',
  balances: 'daily balances: customer id, date, balance',
  costs: 'spend per channel and period',
  invites: 'invitations: inviter, invitee, sent and converted times',
};

const OPTIONAL = /\b(optional|may be omitted|can be omitted)\b|可选|选填/i;

/**
 * The data inputs of a template, in the order of its `DATA` constant.
 * @param source the template's parameter cell
 * @returns the inputs; empty when the cell has no plain-data `DATA`
 * @example templateInputs("const DATA = { orders: './o.csv', users: null };").map((i) => i.optional) // [false, true]
 */
export function templateInputs(source: string): TemplateInput[] {
  const data = readParameter(source, 'DATA');
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  const comments = parameterLines(source, 'DATA');
  return Object.entries(data as Record<string, unknown>).map(([key, value]) => {
    const comment = comments.get(key) ?? '';
    const table = tableOfInput(key) as CanonicalTableName | undefined;
    return {
      key,
      ...(table ? { table } : {}),
      optional: value === null || value === '' || OPTIONAL.test(comment),
      explanation: EXPLANATIONS[key] ?? (comment.replace(OPTIONAL, '').replace(/^[\s:;,.–—-]+/, '') || key),
    };
  });
}

/**
 * Which input a user's file is: the one whose canonical columns its headers map best (the guess's confidence
 * summed, less one for each required column left unmapped; an orders amount derived from quantity × unit
 * price counts as mapped). So an orders export fills `orders` even where the template lists `coupons` first.
 * @param inputs the template's inputs
 * @param headers the file's header row (empty for Parquet or JSON: then `orders`, `events` or the first required)
 * @returns the input's key, or undefined when the template has none
 */
export function inputForFile(
  inputs: readonly TemplateInput[],
  headers: readonly string[],
): string | undefined {
  if (inputs.length === 0) return undefined;
  const fallback =
    inputs.find((i) => i.key === 'orders') ??
    inputs.find((i) => i.key === 'events') ??
    inputs.find((i) => !i.optional) ??
    inputs[0];
  if (headers.length === 0) return fallback.key;
  let best: { key: string; score: number } | undefined;
  for (const input of inputs) {
    if (!input.table) continue;
    const guess = guessMapping(headers, input.table);
    if (input.table === 'orders' && !guess.columns.amount && guessLoadChoices(headers)?.amount) {
      guess.confidence.amount = 0.9;
    }
    const unmapped = CANONICAL_SCHEMAS[input.table].filter(
      (c) => c.required && guess.confidence[camelOf(c.name)] === undefined,
    ).length;
    const score = Object.values(guess.confidence).reduce((s, c) => s + c, 0) - unmapped;
    if (!best || score > best.score) best = { key: input.key, score };
  }
  return best && best.score > 0 ? best.key : fallback.key;
}
