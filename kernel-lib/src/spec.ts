import { SpecError } from './errors.js';

/**
 * Small validators for spec options. Each returns the checked value (or the default) and throws
 * `invalid <option>: <value>` with what is allowed.
 */

/** A string-literal option: one of `allowed`, or `fallback` when undefined. */
export function oneOf<T extends string>(
  option: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new SpecError(option, value, allowed);
  return value as T;
}

/** A finite number within [min, max], or `fallback` when undefined. */
export function numberIn(
  option: string,
  value: unknown,
  min: number,
  max: number,
  fallback?: number,
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SpecError(option, value, `a number from ${min} to ${max}`);
  }
  return value;
}

/** A whole number within [min, max], or `fallback` when undefined. */
export function integerIn(
  option: string,
  value: unknown,
  min: number,
  max: number,
  fallback?: number,
): number {
  const v = numberIn(option, value, min, max, fallback);
  if (!Number.isInteger(v)) throw new SpecError(option, value, `a whole number from ${min} to ${max}`);
  return v;
}

/** A non-empty string, or `fallback` when undefined. */
export function nonEmptyString(option: string, value: unknown, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value === '') throw new SpecError(option, value, 'a non-empty string');
  return value;
}

/** An ascending list of finite numbers (cut points, brackets). */
export function ascendingNumbers(option: string, value: unknown): number[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some((v) => typeof v !== 'number' || !Number.isFinite(v))
  ) {
    throw new SpecError(option, value, 'a non-empty array of finite numbers');
  }
  for (let i = 1; i < value.length; i++) {
    if (value[i] <= value[i - 1]) throw new SpecError(option, value, 'strictly ascending numbers');
  }
  return value as number[];
}

/** Throws on keys of `spec` that are not in `known` (a typo must not silently change a definition). */
export function rejectUnknownKeys(what: string, spec: object, known: readonly string[]): void {
  for (const key of Object.keys(spec)) {
    if (!known.includes(key)) throw new SpecError(`${what} option`, key, known);
  }
}
