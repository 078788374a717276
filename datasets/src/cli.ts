import { parseArgs } from 'node:util';
import { B2B_DEFAULT_USERS, DEFAULT_SEED, P2P_DEFAULT_USERS } from './calibration.js';
import { generateB2b } from './b2b/generate.js';
import { generateP2p } from './p2p/generate.js';

const HELP = `Generate Fupan's synthetic data sets (deterministic: same seed and size, same bytes).

Usage: npm run datasets -- --platform p2p|b2b [--size N] [--seed S] [--out DIR] [--gzip] [--quiet]

  --platform  p2p  P2P lending platform (articles 000, 001, 003)
              b2b  B2B e-commerce platform (article 002)
  --size      number of users (default: p2p ${P2P_DEFAULT_USERS}, b2b ${B2B_DEFAULT_USERS}; the calibrated samples)
  --seed      integer seed (default ${DEFAULT_SEED})
  --out       output folder (default datasets/generated/<platform>-<size>-<seed>)
  --gzip      write .csv.gz files instead of .csv
  --quiet     no progress bar
  --help      this text

Files are streamed to disk in bounded memory; a progress bar goes to stderr.
Example: npm run datasets -- --platform p2p --size 1000000 --seed 7 --out datasets/generated/p2p-1m`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      platform: { type: 'string' },
      size: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      gzip: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const platform = values.platform;
  if (platform !== 'p2p' && platform !== 'b2b')
    fail(`invalid --platform: "${platform ?? ''}" (allowed: p2p, b2b)`);
  const size = integer(
    'size',
    values.size ?? String(platform === 'p2p' ? P2P_DEFAULT_USERS : B2B_DEFAULT_USERS),
    1,
  );
  const seed = integer('seed', values.seed ?? String(DEFAULT_SEED), 0);
  const outDir = values.out ?? `datasets/generated/${platform}-${size}-${seed}`;
  const options = { seed, size, outDir, gzip: values.gzip, progress: !values.quiet };
  const summary = platform === 'p2p' ? await generateP2p(options) : await generateB2b(options);
  console.log(JSON.stringify({ platform, seed, size, outDir, ...summary }, null, 2));
}

function integer(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    fail(`invalid --${name}: "${text}" (allowed: an integer >= ${min})`);
  return n;
}

function fail(message: string): never {
  console.error(message + '\n\n' + HELP);
  process.exit(2);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
