import { SpecError } from '../errors.js';
import type { SqlValue } from './engine.js';

/**
 * Quoting for identifiers that come from a user's column mapping. Identifiers are quoted, never trusted:
 * DuckDB uses `"…"` with `""` doubling; ClickHouse `` `…` `` with backslash escaping.
 */
export function quoteIdentifier(name: string, dialect: 'duckdb' | 'clickhouse'): string {
  if (typeof name !== 'string' || name === '' || name.includes('\u0000')) {
    throw new SpecError('column name', name, 'a non-empty string without NUL characters');
  }
  if (dialect === 'duckdb') return `"${name.replace(/"/g, '""')}"`;
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

/**
 * A ClickHouse literal for a value, for servers too old for `{name:Type}` parameters (18.x). Only used by
 * the engine layer as the binding mechanism of last resort: strings are escaped per ClickHouse's lexer
 * (backslash and quote), numbers must be finite, dates are formatted, nothing else is accepted.
 */
export function clickhouseLiteral(value: SqlValue, type: string): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) {
    const inner = /^Array\((.*)\)$/.exec(type)?.[1] ?? 'String';
    return `[${value.map((v) => clickhouseLiteral(v, inner)).join(', ')}]`;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new SpecError('parameter', value, 'a valid date');
    return `toDateTime('${value.toISOString().slice(0, 19).replace('T', ' ')}', 'UTC')`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SpecError('parameter', value, 'a finite number');
    return /^(U?Int|Float)/.test(type) ? String(value) : `'${String(value)}'`;
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  const s = String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  if (/^(U?Int|Float)/.test(type)) throw new SpecError('parameter', value, `a number for ${type}`);
  return `'${s}'`;
}
