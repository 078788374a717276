import type { NbOutput } from '@fupan/kernel-client';
import type { NbCodeCell, Notebook } from '../../notebooks/runner/nbformat.js';

/** A notebook of code cells with the given sources, not yet run. */
export function codeNotebook(...sources: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: sources.map((source): NbCodeCell => ({
      cell_type: 'code',
      source,
      metadata: {},
      outputs: [],
      execution_count: null,
    })),
  };
}

/** The outputs of cell `index` of a run notebook. */
export function outputsOf(notebook: Notebook, index: number): NbOutput[] {
  const cell = notebook.cells[index];
  return cell.cell_type === 'code' ? cell.outputs : [];
}
