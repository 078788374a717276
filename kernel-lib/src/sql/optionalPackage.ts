import { FupanError } from '../errors.js';

/**
 * An engine's package is missing: DuckDB, chdb and the ClickHouse client are optional peer dependencies of
 * `@fupan/kernel-lib`, so RFM on a CSV installs without 600 MB of native engines. The message names the
 * package and the command that installs it.
 */
export class MissingPackageError extends FupanError {
  override name = 'MissingPackageError';
  constructor(
    /** The npm package that is not installed, e.g. `@duckdb/node-api`. */
    readonly packageName: string,
    /** What needs it, e.g. `duckdb()`. */
    readonly neededBy: string,
    cause: unknown,
  ) {
    super(
      `${neededBy} needs the package ${packageName}, which is not installed: run npm install ${packageName} ` +
        `(it is an optional peer dependency of @fupan/kernel-lib)`,
      { cause },
    );
  }
}

/**
 * Loads an optional engine package on first use (the in-memory engine never pays for a native driver), or
 * throws {@link MissingPackageError} when it is not installed. Other load failures (a broken native addon)
 * are rethrown as they are.
 * @param load a `require` of the package, written at the call site so bundlers see the name
 */
export function optionalPackage<T>(packageName: string, neededBy: string, load: () => T): T {
  try {
    return load();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : '';
    if (code === 'MODULE_NOT_FOUND' && message.includes(packageName)) {
      throw new MissingPackageError(packageName, neededBy, e);
    }
    throw e;
  }
}
