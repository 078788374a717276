import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { InputError } from '../errors.js';

/**
 * Refuses, before reading, an input whose loaded form would not fit in memory, with advice, rather
 * than letting the process die of an out-of-memory crash half way.
 */

/** Bytes of memory a load may use: typed arrays live outside the JS heap, strings inside it. */
export interface MemoryBudget {
  /** For typed columns (Float64Array, codes): a share of the machine's memory. */
  offHeap: number;
  /** For JS strings and objects (text columns, JSON, Parquet rows): a share of V8's heap limit. */
  heap: number;
}

/** The budget of this process: 70 % of the machine's memory, 70 % of V8's heap limit. */
export function memoryBudget(): MemoryBudget {
  return { offHeap: totalmem() * 0.7, heap: getHeapStatistics().heap_size_limit * 0.7 };
}

const ADVICE =
  'an input that fits in memory; for larger data convert it to Parquet and use the DuckDB engine (src/sql), which reads files in place';

/**
 * Throws when `need` (estimated bytes) exceeds the budget.
 * @param need estimated bytes of typed columns (`offHeap`) and of JS values (`heap`)
 */
export function checkFitsInMemory(
  need: { offHeap: number; heap: number },
  file: string,
  budget: MemoryBudget = memoryBudget(),
): void {
  const mb = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString('en')} MB`;
  if (need.offHeap > budget.offHeap || need.heap > budget.heap) {
    const what = need.offHeap > budget.offHeap ? 'offHeap' : 'heap';
    throw new InputError(
      `too large to load into memory (about ${mb(need[what])} needed, ${mb(budget[what])} available)`,
      { file },
      ADVICE,
    );
  }
}
