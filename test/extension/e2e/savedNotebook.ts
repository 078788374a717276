import { readFileSync } from 'node:fs';

/** A notebook as saved (.ipynb JSON): cell kinds, sources, execution counts and outputs. */
export interface SavedNotebook {
  cells: {
    cell_type: string;
    source: string | string[];
    execution_count?: number | null;
    outputs?: { output_type: string; text?: string | string[] }[];
  }[];
}

/** Reads an .ipynb file as JSON (its sources as written, not JSON-escaped). */
export function readSavedNotebook(file: string): SavedNotebook {
  return JSON.parse(readFileSync(file, 'utf8')) as SavedNotebook;
}

/** A cell's source or a stream output's text as one string (nbformat stores either as lines). */
export function joined(text: string | string[] | undefined): string {
  return Array.isArray(text) ? text.join('') : (text ?? '');
}

/** The code cells of a saved notebook. */
export function codeCells(file: string): SavedNotebook['cells'] {
  return readSavedNotebook(file).cells.filter((c) => c.cell_type === 'code');
}

/** The source of the first code cell (the parameter cell) of a notebook the scaffold wrote. */
export function parameterCell(file: string): string {
  const first = codeCells(file)[0];
  if (!first) throw new Error(`${file} has no code cell`);
  return joined(first.source);
}
