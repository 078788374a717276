import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';

/** Seed inputs of the fuzzers: the bad-input corpus and the first lines of every committed sample. */
export interface SeedInput {
  name: string;
  bytes: Buffer;
}

const ROOT = join(__dirname, '../..');
const BAD = join(ROOT, 'test/fixtures/bad-inputs');

/** The first `lines` lines of a gzipped CSV, read from its first 64 KiB only. */
function headOfGzip(path: string, lines: number): Buffer {
  const raw = readFileSync(path).subarray(0, 1 << 16);
  const text = gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
  let end = 0;
  for (let n = 0; n < lines && end >= 0; n++) end = text.indexOf(10, end + 1);
  return end < 0 ? text : text.subarray(0, end + 1);
}

/** Corpus files (CSV, TSV, JSON, NDJSON) and sample heads (`datasets/<name>/*.csv.gz`, 30 lines). */
export function seedInputs(): SeedInput[] {
  const seeds: SeedInput[] = readdirSync(BAD)
    .filter((f) => /\.(csv|tsv|json|ndjson)$/.test(f) && f !== 'expected.json')
    .map((f) => ({ name: f, bytes: readFileSync(join(BAD, f)) }));
  for (const dir of ['b2b', 'p2p', 'online-retail']) {
    for (const f of readdirSync(join(ROOT, 'datasets', dir)).filter((x) => x.endsWith('.csv.gz'))) {
      seeds.push({
        name: `${dir}/${f.replace(/\.gz$/, '')}`,
        bytes: headOfGzip(join(ROOT, 'datasets', dir, f), 30),
      });
    }
  }
  return seeds;
}

/** The bad-input corpus size (data files, without expected.json), for the report. */
export function badInputCount(): number {
  return readdirSync(BAD).filter((f) => f !== 'expected.json').length;
}
