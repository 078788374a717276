import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { stringsOf } from '../../table/access.js';

/** The five UTM parameters, in their usual order. */
export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;
export type UtmKey = (typeof UTM_KEYS)[number];

/** A landing URL that could not be read, with where it was. */
export interface MalformedUrl {
  /** 1-based row of the input. */
  row: number;
  value: string;
  problem: string;
}

/** UTM parameters per input row, plus what could not be read. */
export interface UtmResult {
  /** row (1-based) and utm_source … utm_term per input row (null when absent or unreadable). */
  table: ColumnTable;
  /** Rows whose URL is malformed: reported, never dropped silently. Their UTM values are null. */
  malformed: MalformedUrl[];
  /** Rows with no URL at all (null or empty). */
  missing: number;
}

/** Options of {@link parseUtm}. */
export interface UtmOptions {
  /** The URL column when a table is given. @default 'url' */
  column?: string;
  /** Lower-case the values, so `BAIDU` and `baidu` are one source (exports often mix them). @default false */
  lowercase?: boolean;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * UTM parameters (utm_source, utm_medium, utm_campaign, utm_content, utm_term; 渠道来源参数) from landing URLs.
 * Values are percent-decoded as UTF-8 (`%E5%BE%AE%E4%BF%A1` → 微信, `+` → space); keys match case-insensitively.
 * Absolute and relative URLs (`/landing?utm_source=x`) are read. A URL that does not parse, a value that is
 * not valid UTF-8 percent-encoding (e.g. GBK bytes) or a parameter given twice with different values is
 * reported in `malformed` with its row and value.
 * @param urls the URLs, or a table with a URL column
 * @param options the URL column (or just its name) and whether to lower-case values
 * @example parseUtm(['https://a.cn/?utm_source=%E5%BE%AE%E4%BF%A1&utm_medium=social']).table.objects()
 */
export function parseUtm(
  urls: readonly (string | null | undefined)[] | ColumnTable,
  options: string | UtmOptions = {},
): UtmResult {
  const { column = 'url', lowercase = false } = typeof options === 'string' ? { column: options } : options;
  const values = Array.isArray(urls)
    ? (urls as (string | null | undefined)[])
    : stringsOf(urls as ColumnTable, column);
  const out: Record<UtmKey, (string | null)[]> = Object.fromEntries(UTM_KEYS.map((k) => [k, []])) as never;
  const malformed: MalformedUrl[] = [];
  let missing = 0;
  values.forEach((raw, i) => {
    const found: Partial<Record<UtmKey, string>> = {};
    const value = raw === null || raw === undefined ? '' : String(raw).trim();
    if (value === '') missing++;
    else {
      const problem = readUtm(value, found);
      if (problem) {
        malformed.push({ row: i + 1, value: String(raw), problem });
        for (const k of UTM_KEYS) delete found[k];
      }
    }
    for (const k of UTM_KEYS) {
      const v = found[k] ?? null;
      out[k].push(v !== null && lowercase ? v.toLowerCase() : v);
    }
  });
  return { table: aq.table({ row: values.map((_, i) => i + 1), ...out }), malformed, missing };
}

/** Fills `found` from one URL; returns the problem, or undefined when the URL is fine. */
function readUtm(url: string, found: Partial<Record<UtmKey, string>>): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is rejected here
  if (/[\s\u0000-\u001f]/.test(url)) return 'contains spaces or control characters';
  if (SCHEME.test(url)) {
    try {
      new URL(url);
    } catch {
      return 'not a URL';
    }
  }
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    if (!(UTM_KEYS as readonly string[]).includes(key)) continue;
    let value: string;
    try {
      value = decodeURIComponent((eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '));
    } catch {
      return `bad percent-encoding in ${key} (expected UTF-8, e.g. %E5%BE%AE%E4%BF%A1)`;
    }
    const k = key as UtmKey;
    if (found[k] !== undefined && found[k] !== value) return `${key} given twice with different values`;
    found[k] = value;
  }
  return undefined;
}
