import { FupanError, InputError } from '../errors.js';

/**
 * What an engine's own error (a DuckDB binder or conversion error, a ClickHouse exception) becomes: an
 * {@link InputError} carrying the engine's first line, so that no non-Fupan error escapes a metric run on an
 * engine (a column the spec names but the source lacks, a value the engine cannot convert). Fupan's own
 * errors pass through unchanged.
 * @param engine e.g. `duckdb`, `chdb`, `clickhouse`
 */
export function engineFailure(engine: string, error: unknown): FupanError {
  if (error instanceof FupanError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n').find((line) => line.trim() !== '') ?? text;
  const failure = new InputError(
    `${engine} could not run the query: ${first.trim().slice(0, 500)}`,
    {},
    'columns the spec names to exist in the source, with values of their type',
  );
  failure.cause = error;
  return failure;
}
