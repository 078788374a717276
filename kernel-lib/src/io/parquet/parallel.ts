import { CancelledError, InputError } from '../../errors.js';
import type { ColumnPlan } from '../mapping.js';
import type { ResolvedLoadOptions } from '../options.js';
import { PartThread, type PartOutcome, type WorkerFile } from '../csv/parallel.js';
import type { PartError } from '../csv/part.js';
import { readGroups, type GroupHooks, type ParquetGroups } from './groups.js';
import type { ParquetPartRequest, ParquetPartResult } from './part.js';
import type { ColumnSink } from './sinks.js';

const PARQUET_WORKER: WorkerFile = { dir: __dirname, base: 'partWorker' };

/** What {@link groupsInParts}'s `read` needs besides the groups' hooks. */
interface PartsHooks extends GroupHooks {
  plans: ColumnPlan[];
  options: ResolvedLoadOptions;
}

/**
 * Row groups read on two threads (并行读取行组): the main thread reads the first groups, a worker the
 * others, writing its numbers, times and codes straight into the rows of the main thread's columns
 * (shared memory) and its text as codes local to its part, with the bytes of each distinct value, which
 * the main thread maps onto its dictionary in the order a single pass would have met them. When a column
 * of either part changed type or learned a date order, the main thread reads the worker's groups again
 * itself, so the table and the errors are those of one pass. Off unless `FUPAN_PARQUET_THREADS=2` (or
 * `enabled: true`): on the shared 2-core machine it was measured on, the second thread saved no time and
 * cost about 230 MB at 10M rows (`docs/loading.md`). Tests lower `minRows`.
 */
export const groupsInParts = {
  enabled: process.env.FUPAN_PARQUET_THREADS === '2',
  /** Smaller files stay on one thread: starting a worker costs more than it saves. */
  minRows: 1 << 20,
  /** The share of the rows the main thread reads (it also appends the worker's part). */
  mainShare: 0.5,
  /** How the last file split in two was read. */
  last: 'one thread' as 'one thread' | 'two threads' | 'read again',

  /**
   * The first group the worker reads, or undefined when the file stays on one thread (a Buffer, a
   * small file, one row group, no worker file at hand).
   * @example const split = groupsInParts.splitOf(groups);
   */
  splitOf(p: ParquetGroups): number | undefined {
    const all = p.metadata.row_groups.length;
    const rows = p.starts[all];
    if (!this.enabled || !p.file.path || all < 2 || rows < this.minRows) return undefined;
    if (!PartThread.available(PARQUET_WORKER)) return undefined;
    let g = 1;
    while (g < all - 1 && p.starts[g] < rows * this.mainShare) g++;
    return g;
  },

  /**
   * Reads groups [0, split) on this thread and [split, end) on a worker, then appends the worker's part.
   * @param p the file's groups (`p.file.path` set)
   * @param sinks one sink per column, allocated in shared memory (`shareable`)
   * @param split the worker's first group, from {@link splitOf}
   * @param h the hooks of {@link readGroups}, the plans and the load's options
   * @example await groupsInParts.read(groups, sinks, split, { plans, options, first });
   */
  async read(p: ParquetGroups, sinks: ColumnSink[], split: number, h: PartsHooks): Promise<void> {
    const all = p.metadata.row_groups.length;
    const rows = p.starts[all];
    const perRow = p.file.buffer.byteLength / Math.max(1, rows);
    const o = h.options;
    let mainRows = 0;
    // The worker reports bytes in proportion to its rows: rounded back, never past the file's rows.
    const report = () => h.onGroup?.(Math.min(rows, mainRows + Math.round((thread?.bytes ?? 0) / perRow)));
    const request: ParquetPartRequest = {
      path: p.file.path!,
      name: p.name,
      from: split,
      to: all,
      nullValues: o.nullValues,
      zone: o.zone.name,
      dateFormat: o.dateFormat,
      plans: h.plans,
      tails: sinks.map((s) => s.cede(rows - p.starts[split])),
    };
    const thread = PartThread.start<ParquetPartRequest, ParquetPartResult>(request, report, PARQUET_WORKER);
    if (!thread) {
      sinks.forEach((s) => s.reclaim());
      return readGroups(p, sinks, 0, all, h);
    }
    try {
      const mine = { ...h, onGroup: (read: number) => ((mainRows = read), report()) };
      await readGroups(p, sinks, 0, split, mine);
      if (!sinks.some((s) => s.changed)) {
        const outcome = await untilAborted(thread.outcome, o.signal, p.name);
        if ('ok' in outcome && !outcome.ok.diverged) {
          sinks.forEach((s, k) => {
            if (!s.appendPart(outcome.ok.parts[k])) {
              throw new Error(`column ${h.plans[k].header}: part of another kind`);
            }
          });
          this.last = 'two threads';
          h.onGroup?.(rows);
          return;
        }
        if ('error' in outcome && outcome.error.input) {
          this.last = 'two threads';
          throw inputErrorOf(outcome.error);
        }
      }
    } finally {
      void thread.stop();
    }
    // Reading on here: the rows ceded to the worker are this thread's again once it has stopped writing.
    await thread.stop();
    sinks.forEach((s) => s.reclaim());
    this.last = 'read again';
    const rest = { signal: h.signal, onGroup: (read: number) => h.onGroup?.(p.starts[split] + read) };
    await readGroups(p, sinks, split, all, rest);
  },
};

/** The worker's outcome, or a CancelledError as soon as the signal aborts. */
function untilAborted<T>(
  outcome: Promise<PartOutcome<T>>,
  signal: AbortSignal | undefined,
  name: string,
): Promise<PartOutcome<T>> {
  if (!signal) return outcome;
  if (signal.aborted) return Promise.reject(new CancelledError(`loading ${name}`));
  return new Promise((resolve, reject) => {
    const abort = () => reject(new CancelledError(`loading ${name}`));
    signal.addEventListener('abort', abort, { once: true });
    outcome.then(
      (o) => {
        signal.removeEventListener('abort', abort);
        resolve(o);
      },
      (err) => {
        signal.removeEventListener('abort', abort);
        reject(err);
      },
    );
  });
}

/** The worker's InputError, as it would have been thrown here (rows are the file's own). */
function inputErrorOf(e: Extract<PartError, { input: true }>): InputError {
  return new InputError(e.problem, e.location, e.expected);
}
