/**
 * Fupan's own typed errors. Every error Fupan throws on purpose is one of these, so callers (the notebook
 * runner, the extension, a fuzzer) can tell bad input from a bug.
 */

/** Base class of every error Fupan throws deliberately. */
export class FupanError extends Error {
  override name = 'FupanError';
}

/** Where in an input a problem was found. All fields are optional: name what is known. */
export interface InputLocation {
  /** The file (or a description of the source, e.g. `records[]`). */
  file?: string;
  /** 1-based line number in the file (for CSV, the physical line where the record starts). */
  line?: number;
  /** 1-based record number (data rows only, the header is not counted). */
  row?: number;
  /** The column as named in the input (not the canonical name). */
  column?: string;
  /** The offending value, as read. */
  value?: unknown;
}

/**
 * Bad input: names file, line, column and value, and says what was expected.
 * @example throw new InputError('unparseable date', { file: 'orders.csv', line: 12, column: 'paid_at', value: '2016-13-01' }, 'a date like 2016-10-01 or 2016-10-01 12:30:00')
 */
export class InputError extends FupanError {
  override name = 'InputError';
  constructor(
    readonly problem: string,
    readonly location: InputLocation,
    readonly expected?: string,
  ) {
    super(formatInputError(problem, location, expected));
  }
}

function formatInputError(problem: string, at: InputLocation, expected?: string): string {
  const where: string[] = [];
  if (at.file !== undefined) where.push(at.file);
  if (at.line !== undefined) where.push(`line ${at.line}`);
  if (at.row !== undefined && at.line === undefined) where.push(`row ${at.row}`);
  if (at.column !== undefined) where.push(`column "${at.column}"`);
  let text = where.length ? `${where.join(', ')}: ${problem}` : problem;
  if ('value' in at) text += `: ${quoteValue(at.value)}`;
  if (expected) text += ` (expected ${expected})`;
  return text;
}

/** Shows a value as read, shortened and with control characters made visible. */
export function quoteValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  let s = typeof value === 'string' ? value : String(value);
  if (s.length > 80) s = s.slice(0, 77) + '...';
  return JSON.stringify(s);
}

/**
 * An invalid option in a metric's spec: `invalid <option>: <value>` with the allowed values.
 * @example throw new SpecError('recency', 'days', ['daysSinceLast', 'ageAtLast'])
 */
export class SpecError extends FupanError {
  override name = 'SpecError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly allowed?: readonly unknown[] | string,
  ) {
    const tail =
      allowed === undefined
        ? ''
        : typeof allowed === 'string'
          ? ` (expected ${allowed})`
          : ` (allowed: ${allowed.map((a) => JSON.stringify(a)).join(', ')})`;
    super(`invalid ${option}: ${quoteValue(value)}${tail}`);
  }
}

/** Work cancelled by the caller (an AbortSignal fired). Partial output is discarded. */
export class CancelledError extends FupanError {
  override name = 'CancelledError';
  constructor(what = 'operation') {
    super(`${what} cancelled`);
  }
}
