import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { seedInputs } from './fuzzCorpus.js';
import { Finding, TARGETS, type TargetName } from './fuzzTargets.js';
import { caseSeed, Rng } from './rng.js';

/**
 * Runs one fuzz target in a worker thread until its time is up, announcing each case before running
 * it, so the parent can terminate a case that hangs (even a synchronous endless loop) and name it.
 */

/** What the parent sends. `only` runs a single case (to reproduce a finding). */
export interface FuzzJob {
  target: TargetName;
  seed: number;
  ms: number;
  only?: number;
}

/** What the worker reports. */
export type FuzzMessage =
  | { kind: 'case'; index: number }
  | { kind: 'finding'; index: number; message: string; input: string }
  | { kind: 'done'; cases: number };

/** Different targets get different inputs from the same run seed. */
function targetSalt(target: string): number {
  let h = 0;
  for (let i = 0; i < target.length; i++) h = (Math.imul(h, 31) + target.charCodeAt(i)) >>> 0;
  return h;
}

async function main(job: FuzzJob): Promise<void> {
  const post = (m: FuzzMessage) => parentPort!.postMessage(m);
  const ctx = { seeds: seedInputs(), dir: mkdtempSync(join(tmpdir(), 'fupan-fuzz-')) };
  const end = Date.now() + job.ms;
  let index = job.only ?? 0;
  let cases = 0;
  try {
    do {
      post({ kind: 'case', index });
      try {
        await TARGETS[job.target](new Rng(caseSeed(job.seed ^ targetSalt(job.target), index)), ctx, index);
      } catch (err) {
        const f = err instanceof Finding ? err : new Finding(`harness: ${(err as Error)?.stack}`, '');
        post({ kind: 'finding', index, message: f.message, input: f.input });
        return;
      }
      cases++;
      index++;
    } while (job.only === undefined && Date.now() < end);
  } finally {
    rmSync(ctx.dir, { recursive: true, force: true });
  }
  post({ kind: 'done', cases });
}

void main(workerData as FuzzJob);
