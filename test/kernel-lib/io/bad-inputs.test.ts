import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { FupanError, InputError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import type { LoadOptions } from '../../../kernel-lib/src/io/options.js';
import { DictionaryColumn } from '../../../kernel-lib/src/table/columns.js';
import { Dictionary } from '../../../kernel-lib/src/table/dictionary.js';

/** One file of the corpus and what must happen when it is loaded. */
interface CorpusEntry {
  file: string;
  kind: string;
  options?: LoadOptions;
  /** Files of one group are loaded into one shared dictionary, in manifest order. */
  dictionaryGroup?: string;
  /** A pattern the error message must match (the error must be an InputError). */
  error?: string;
  expect?: { rows: number; columns?: string[]; values?: Record<string, unknown[]>; codes?: number[] };
  handling?: string;
}

const DIR = join(__dirname, '../../fixtures/bad-inputs');
const manifest = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as { files: CorpusEntry[] };

/** Column values in JSON's terms: Dates as ISO strings, NaN as null. */
function jsonValues(t: ColumnTable, name: string): unknown[] {
  return (t.array(name) as ArrayLike<unknown> as unknown[]).length === 0
    ? []
    : Array.from(t.array(name) as ArrayLike<unknown>, (v) =>
        v instanceof Date ? v.toISOString() : typeof v === 'number' && Number.isNaN(v) ? null : v,
      );
}

describe('bad-input corpus (test/fixtures/bad-inputs)', () => {
  it('has at least 50 files, each listed once with an outcome', () => {
    assert.ok(manifest.files.length >= 50, `${manifest.files.length} files`);
    assert.equal(new Set(manifest.files.map((f) => f.file)).size, manifest.files.length);
    for (const f of manifest.files)
      assert.ok(Boolean(f.error) !== Boolean(f.expect), `${f.file}: error xor expect`);
  });

  it('loads every file to its expected outcome', async () => {
    const dictionaries = new Map<string, Dictionary>();
    const failures: string[] = [];
    for (const entry of manifest.files) {
      const options: LoadOptions = { ...entry.options };
      if (entry.dictionaryGroup) {
        if (!dictionaries.has(entry.dictionaryGroup))
          dictionaries.set(entry.dictionaryGroup, new Dictionary());
        options.dictionary = dictionaries.get(entry.dictionaryGroup);
      }
      const path = join(DIR, entry.file);
      const before = readFileSync(path);
      try {
        let table: ColumnTable | undefined;
        let error: unknown;
        try {
          table = await load(path, options);
        } catch (err) {
          error = err;
        }
        if (entry.error) {
          assert.ok(error instanceof InputError, `expected an InputError, got ${error ?? 'a table'}`);
          assert.match((error as Error).message, new RegExp(entry.error));
          // Every refusal names the file first, as it was given.
          assert.ok((error as Error).message.startsWith(path), (error as Error).message);
        } else {
          if (error) throw error;
          const t = table!;
          const e = entry.expect!;
          assert.equal(t.numRows(), e.rows, 'rows');
          if (e.columns) assert.deepEqual(t.columnNames(), e.columns);
          for (const [name, values] of Object.entries(e.values ?? {})) {
            assert.deepEqual(jsonValues(t, name), values, `column ${name}`);
          }
          if (e.codes) {
            assert.deepEqual(Array.from((t.column('user_id') as unknown as DictionaryColumn).codes), e.codes);
          }
        }
        assert.ok(readFileSync(path).equals(before), 'the input file is unchanged');
      } catch (err) {
        failures.push(
          `${entry.file}: ${err instanceof FupanError ? `${err.name}: ${err.message}` : (err as Error).message}`,
        );
      }
    }
    assert.deepEqual(failures, []);
  });
});
