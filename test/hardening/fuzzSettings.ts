/**
 * Fuzzing settings from the environment: `FUPAN_FUZZ_SECONDS` (total budget, default 20) and
 * `FUPAN_FUZZ_SEED` (a number, or `random`; a fixed seed by default so CI is repeatable).
 */
export interface FuzzSettings {
  seed: number;
  seconds: number;
}

/** The default seed: fixed, so a CI failure reproduces on any machine. */
export const DEFAULT_FUZZ_SEED = 20_161_001;

/** Reads the settings; a bad value is refused rather than silently replaced. */
export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const s = env.FUPAN_FUZZ_SEED;
  const seed =
    s === undefined || s === ''
      ? DEFAULT_FUZZ_SEED
      : s === 'random'
        ? (Math.random() * 2 ** 32) >>> 0
        : Number(s);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`FUPAN_FUZZ_SEED: "${s}" (expected an integer or "random")`);
  const t = env.FUPAN_FUZZ_SECONDS;
  const seconds = t === undefined || t === '' ? 20 : Number(t);
  if (!(seconds > 0)) throw new Error(`FUPAN_FUZZ_SECONDS: "${t}" (expected a positive number)`);
  return { seed: seed >>> 0, seconds };
}
