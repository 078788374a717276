import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { InputError, SpecError } from '../errors.js';
import type { DialectName, SqlSource } from './engine.js';

/** The format an engine reads a file source in: given, else from the name (`.csv`, `.tsv` → CSV). */
export function fileFormat(
  source: { file: string; format?: 'parquet' | 'csv' } | { glob: string; format?: 'parquet' | 'csv' },
): 'parquet' | 'csv' {
  if (source.format !== undefined) {
    if (source.format !== 'parquet' && source.format !== 'csv')
      throw new SpecError('format', source.format, ['parquet', 'csv']);
    return source.format;
  }
  const name = 'file' in source ? source.file : source.glob;
  return /\.(csv|tsv)$/i.test(name) ? 'csv' : 'parquet';
}

/**
 * Checks a file source before an engine reads it, so that what the engine would report in its own words (no
 * such file, a directory, not Parquet) is an {@link InputError} naming the file: a path that is empty, does
 * not exist, is not a regular file, is empty, or (for Parquet) lacks the `PAR1` magic at both ends.
 */
export function checkFileSource(file: string, format: 'parquet' | 'csv'): void {
  if (typeof file !== 'string' || file === '' || file.includes('\u0000')) {
    throw new SpecError('file', file, 'a path to a file (for a pattern, pass { glob })');
  }
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) {
      throw new InputError(
        stat.isDirectory() ? 'is a directory' : 'is not a regular file',
        { file },
        'a file (for several files, pass { glob })',
      );
    }
    size = stat.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(`cannot open the file (${code})`, { file }, 'a readable file');
  }
  if (size === 0)
    throw new InputError(
      'the file is empty',
      { file },
      format === 'csv' ? 'a header and rows' : 'a Parquet file',
    );
  if (format !== 'parquet') return;
  const head = Buffer.alloc(4);
  const tail = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
    if (size >= 8) readSync(fd, tail, 0, 4, size - 4);
  } finally {
    closeSync(fd);
  }
  if (size < 12 || head.toString('latin1') !== 'PAR1' || tail.toString('latin1') !== 'PAR1') {
    throw new InputError(
      'not a Parquet file (no PAR1 magic at its start and end)',
      { file },
      "a Parquet file, or { file, format: 'csv' } for CSV",
    );
  }
}

/** Characters each engine's file reader takes as a pattern. */
const GLOB_CHARACTERS: Record<DialectName, RegExp> = { duckdb: /[*?[]/, clickhouse: /[*?{}]/ };

const literalLinks: string[] = [];

/**
 * The path to give an engine's file reader so that it reads exactly `file`, never a pattern's matches.
 * DuckDB's glob has a bracket escape (`[*]`, `[?]`, `[[]`); ClickHouse's `file()` has none, so a name with
 * `*`, `?`, `{` or `}` is read through a symbolic link with a plain name in a private temporary folder
 * (removed when the process exits; the input file is only read).
 */
export function literalPath(file: string, dialect: DialectName): string {
  if (!GLOB_CHARACTERS[dialect].test(file)) return file;
  if (dialect === 'duckdb') return file.replace(/[*?[]/g, (c) => `[${c}]`);
  const folder = mkdtempSync(join(tmpdir(), 'fupan-literal-'));
  if (literalLinks.length === 0) process.once('exit', removeLinks);
  literalLinks.push(folder);
  const extension = /\.[A-Za-z0-9]+$/.exec(basename(file))?.[0] ?? '';
  const link = join(folder, `source${extension}`);
  symlinkSync(resolve(file), link);
  return link;
}

function removeLinks(): void {
  for (const folder of literalLinks.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** Checks a pattern source: a non-empty string. */
export function checkGlobSource(pattern: string): void {
  if (typeof pattern !== 'string' || pattern.trim() === '' || pattern.includes('\u0000')) {
    throw new SpecError('glob', pattern, 'a non-empty file pattern such as "orders-*.parquet"');
  }
}

/** Whether a source is read from files (a path or a pattern), not from a table in the engine. */
export function isFileSource(source: SqlSource): source is Exclude<SqlSource, { table: string }> {
  return 'file' in source || 'glob' in source;
}
