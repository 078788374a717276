import {
  TslabKernel,
  type ExecutionStatus,
  type KernelStartOptions,
  type NbErrorOutput,
} from '@fupan/kernel-client';
import { firstLine, joinText, type Notebook } from './nbformat.js';

/** Options of {@link runNotebook}. */
export interface RunNotebookOptions {
  /** The kernel's folder; data paths in the notebook resolve against it (normally the notebook's own folder). */
  cwd: string;
  /** Per-cell time limit. @default 300000 (5 minutes) */
  cellTimeoutMs?: number;
  /** Passed to {@link TslabKernel.start}. */
  kernel?: Omit<KernelStartOptions, 'cwd'>;
  /** Called when a cell starts, e.g. for progress. */
  onCell?: (index: number, total: number) => void;
}

/** Where and why a notebook failed. */
export interface NotebookFailure {
  /** Index of the failing cell among all cells (0-based), or -1 when the kernel did not start. */
  cellIndex: number;
  /** The cell's first non-empty source line. */
  firstLine: string;
  status: ExecutionStatus | 'start';
  /** The error text (tslab's stderr, the timeout, the exit code). */
  error: string;
}

/** The executed notebook, with the time it took and the failure, if any. */
export interface NotebookRun {
  /**
   * A copy of the input with fresh outputs and execution counts. When a cell fails, the cells before it keep
   * their outputs, the failing cell ends with an `error` output (as nbclient writes one), and the cells after it
   * have none.
   */
  notebook: Notebook;
  durationMs: number;
  failure?: NotebookFailure;
}

/**
 * Executes every code cell of a notebook in order in a fresh tslab kernel, stopping at the first failing cell,
 * and always stops the kernel afterwards.
 * @param input the notebook (not modified)
 * @param options the kernel's folder and the per-cell time limit
 * @returns the executed copy, the time taken and the failure
 * @example const run = await runNotebook(readNotebook('notebooks/000-campaign-review.ipynb'), { cwd: 'notebooks' });
 */
export async function runNotebook(input: Notebook, options: RunNotebookOptions): Promise<NotebookRun> {
  const started = Date.now();
  const notebook = structuredClone(input);
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  let kernel: TslabKernel;
  try {
    kernel = await TslabKernel.start({ ...options.kernel, cwd: options.cwd });
  } catch (e) {
    const failure = { cellIndex: -1, firstLine: '', status: 'start' as const, error: (e as Error).message };
    return { notebook, durationMs: Date.now() - started, failure };
  }
  let failure: NotebookFailure | undefined;
  try {
    let count = 0;
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== 'code' || joinText(cell.source).trim() === '') continue;
      options.onCell?.(index, notebook.cells.length);
      const result = await kernel.execute(joinText(cell.source), {
        timeoutMs: options.cellTimeoutMs ?? 300_000,
      });
      count += 1;
      cell.outputs = result.outputs;
      cell.execution_count = result.executionCount ?? count;
      if (result.status !== 'ok') {
        failure = {
          cellIndex: index,
          firstLine: firstLine(cell),
          status: result.status,
          error: result.error ?? '',
        };
        if (!cell.outputs.some((o) => o.output_type === 'error')) cell.outputs.push(errorOutput(failure));
        break;
      }
    }
  } finally {
    await kernel.shutdown();
  }
  return failure
    ? { notebook, durationMs: Date.now() - started, failure }
    : { notebook, durationMs: Date.now() - started };
}

/** The Jupyter `error` output of a failed cell: tslab sends no ename/evalue, so they are read from its error text. */
export function errorOutput(failure: NotebookFailure): NbErrorOutput {
  const lines = failure.error.split('\n');
  const head = lines.find((l) => l.trim() !== '') ?? '';
  // Node prints the source line and a caret before `Error: message`; a type error is `1:7 - Type …`.
  const named = lines
    .map((l) => /^((?:[A-Za-z_$][\w$]*)?(?:Error|Exception)): (.*)$/.exec(l))
    .find((m) => m !== null);
  const ename =
    failure.status === 'timeout' ? 'CellTimeoutError' : named ? named[1] : head ? 'Error' : 'KernelError';
  const evalue = named ? named[2] : head || `the cell ended with status ${failure.status}`;
  // The full text is already on the cell's stderr stream (tslab writes it there): the traceback only names it.
  return { output_type: 'error', ename, evalue, traceback: [`${ename}: ${evalue}`] };
}
