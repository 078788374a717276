import { numberKeepsText, parseNumberText } from './values/number.js';
import { DateStatus, dateParts, parseDate, type SlashOrder } from './values/timestamp.js';

/** A type inferred from a sample of a column that neither the schema nor the caller typed. */
export type InferredType = 'number' | 'timestamp' | 'boolean' | 'auto-text';

/** Up to this many rows of a file decide the types of its untyped columns. */
export const SAMPLE_ROWS = 1000;

const parts = dateParts();
let scratch = new Uint8Array(64);

function asciiBytes(text: string): number {
  if (text.length > scratch.length) scratch = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    scratch[i] = c < 128 ? c : 0;
  }
  return text.length;
}

/** Parse status of a text as a date under `order` (see `parseDate`). */
export function dateStatusOf(text: string, order: SlashOrder = 0): DateStatus {
  return parseDate(scratch, 0, asciiBytes(text), order, parts);
}

/** Whether a text reads as a number (`007` and integers of 16+ digits stay text: {@link numberKeepsText}). */
export function looksNumeric(text: string): boolean {
  return numberKeepsText(text) && !Number.isNaN(parseNumberText(text));
}

/**
 * The type of a column from its non-missing sample values: JS numbers, Dates and booleans speak for
 * themselves; text is a number if every value reads as one, else a timestamp if every value reads as
 * a date, else a boolean if every value is true/false, else text.
 */
export function inferType(sample: readonly unknown[]): InferredType {
  if (sample.length === 0) return 'auto-text';
  if (sample.every((v) => typeof v === 'number' || (typeof v === 'bigint' && safeBigint(v)))) return 'number';
  if (sample.every((v) => v instanceof Date)) return 'timestamp';
  if (sample.every((v) => typeof v === 'boolean')) return 'boolean';
  if (!sample.every((v) => typeof v === 'string')) return 'auto-text';
  const texts = sample as readonly string[];
  if (texts.every(looksNumeric)) return 'number';
  if (
    texts.every((t) => {
      const s = dateStatusOf(t);
      return s === DateStatus.Ok || s === DateStatus.Ambiguous;
    })
  ) {
    return 'timestamp';
  }
  if (texts.every((t) => /^(true|false)$/i.test(t.trim()))) return 'boolean';
  return 'auto-text';
}

/**
 * The day/month order of slash dates that a sample shows (`13/1/2010` → day first), 0 when it shows
 * none or both (the builder then refuses the first value it cannot read).
 */
export function slashOrderOf(sample: readonly unknown[]): SlashOrder {
  let monthFirst = false;
  let dayFirst = false;
  for (const v of sample) {
    if (typeof v !== 'string') continue;
    const s = dateStatusOf(v);
    if (s !== DateStatus.Ok) continue;
    if (parts.evidence === 1) monthFirst = true;
    else if (parts.evidence === 2) dayFirst = true;
  }
  return monthFirst && !dayFirst ? 1 : dayFirst && !monthFirst ? 2 : 0;
}

/** Whether a BigInt is a number a double holds exactly (larger ones are ids: kept as text). */
export function safeBigint(v: bigint): boolean {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER);
}
