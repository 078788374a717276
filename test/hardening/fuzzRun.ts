import { Worker } from 'node:worker_threads';
import type { TargetName } from './fuzzTargets.js';
import type { FuzzJob, FuzzMessage } from './fuzzWorker.js';

/** The outcome of fuzzing one target. */
export interface FuzzOutcome {
  target: TargetName;
  cases: number;
  /** The property violation or hang, with how to reproduce it; undefined when none was found. */
  finding?: string;
}

/**
 * Fuzzes `job.target` in a worker thread. A case that runs longer than `caseTimeoutMs` is a hang:
 * the worker is terminated (this stops synchronous loops too) and the case is reported.
 */
export function runFuzzJob(job: FuzzJob, caseTimeoutMs: number): Promise<FuzzOutcome> {
  const file = JSON.stringify(`${__dirname}/fuzzWorker.ts`);
  const worker = new Worker(`require('tsx/cjs/api').register(); require(${file});`, {
    eval: true,
    workerData: job,
  });
  const reproduce = (index: number) =>
    `reproduce: FUPAN_FUZZ_SEED=${job.seed} FUPAN_FUZZ_ONLY=${job.target}:${index} npx mocha test/hardening/fuzz.test.ts`;
  return new Promise((resolve, reject) => {
    let current = -1;
    let cases = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: FuzzOutcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          finish({
            target: job.target,
            cases,
            finding: `hang: case ${current} ran over ${caseTimeoutMs} ms; ${reproduce(current)}`,
          }),
        caseTimeoutMs,
      );
    };
    worker.on('message', (m: FuzzMessage) => {
      if (m.kind === 'case') {
        if (current >= 0) cases++;
        current = m.index;
        arm();
      } else if (m.kind === 'finding') {
        finish({
          target: job.target,
          cases,
          finding: `case ${m.index}: ${m.message}\ninput: ${m.input}\n${reproduce(m.index)}`,
        });
      } else {
        finish({ target: job.target, cases: m.cases });
      }
    });
    worker.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`fuzz worker crashed at case ${current}: ${err.stack}\n${reproduce(current)}`));
    });
  });
}
