import assert from 'node:assert/strict';
import { badInputCount } from './fuzzCorpus.js';
import { runFuzzJob } from './fuzzRun.js';
import { fuzzSettings } from './fuzzSettings.js';
import { TARGETS, type TargetName } from './fuzzTargets.js';

/**
 * Fuzzing the loaders and the mapping guess for a fixed time budget (FUPAN_FUZZ_SECONDS, default 20,
 * shared by the targets) from a fixed seed (FUPAN_FUZZ_SEED, `random` to explore). The properties:
 * only FupanErrors come out, no case hangs (each is bounded by a timeout), input files are never
 * written, and valid CSV written from known records loads back equal.
 */

const settings = fuzzSettings();
const only = process.env.FUPAN_FUZZ_ONLY?.match(/^(\w+):(\d+)$/);
const targets = Object.keys(TARGETS) as TargetName[];
const CASE_TIMEOUT_MS = 10_000;

describe('hardening/fuzz: loaders and guessMapping under random and mutated input', function () {
  this.timeout(settings.seconds * 1000 + 60_000);
  const totals: string[] = [];

  after(() => {
    console.log(
      `      fuzzed ${settings.seconds} s from seed ${settings.seed} (${badInputCount()} bad inputs + sample heads as seeds): ${totals.join(', ')}`,
    );
  });

  for (const target of targets) {
    if (only && only[1] !== target) continue;
    it(`${target}: only FupanErrors, no hang, no wrong result`, async () => {
      const outcome = await runFuzzJob(
        {
          target,
          seed: settings.seed,
          ms: (settings.seconds * 1000) / targets.length,
          only: only ? Number(only[2]) : undefined,
        },
        CASE_TIMEOUT_MS,
      );
      totals.push(`${target} ${outcome.cases}`);
      assert.equal(outcome.finding, undefined, `seed ${settings.seed}: ${outcome.finding}`);
      assert.ok(outcome.cases > 0);
    });
  }
});
