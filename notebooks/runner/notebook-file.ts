import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { NbOutput } from '@fupan/kernel-client';
import { splitLines, type NbCell, type Notebook } from './nbformat.js';

/**
 * Reads an `.ipynb` file.
 * @throws Error naming the file when it is not JSON or not an nbformat 4 notebook
 */
export function readNotebook(path: string): Notebook {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not a JSON notebook (${(e as Error).message})`);
  }
  const nb = parsed as Notebook;
  if (typeof nb !== 'object' || nb === null || nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new Error(`${path}: not an nbformat 4 notebook (expected "nbformat": 4 and a "cells" array)`);
  }
  return nb;
}

/**
 * A notebook as Jupyter itself writes it: keys sorted, 1-space indent, non-ASCII kept, multi-line strings as
 * arrays of lines, a final newline. Saving it again from Jupyter gives the same bytes, so diffs stay small.
 */
export function formatNotebook(nb: Notebook): string {
  const onDisk = { ...nb, cells: nb.cells.map(cellOnDisk) };
  return JSON.stringify(sortKeys(onDisk), null, 1) + '\n';
}

/** Writes a notebook with {@link formatNotebook}, atomically (see {@link writeFileAtomic}). */
export function writeNotebook(path: string, nb: Notebook): void {
  writeFileAtomic(path, formatNotebook(nb));
}

/**
 * Writes to a temporary file beside `path`, then renames it over `path`: a run killed or failing half
 * way never leaves a truncated notebook (often the user's own source file) behind.
 * @param path the file to write
 * @param text its whole content
 * @example writeFileAtomic('review.html', notebookToHtml(run.notebook))
 */
export function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

function cellOnDisk(cell: NbCell): NbCell {
  const source = splitLines(Array.isArray(cell.source) ? cell.source.join('') : cell.source);
  if (cell.cell_type !== 'code') return { ...cell, source };
  return { ...cell, source, outputs: cell.outputs.map(outputOnDisk) };
}

function outputOnDisk(output: NbOutput): NbOutput {
  switch (output.output_type) {
    case 'stream':
      return { ...output, text: splitLines(Array.isArray(output.text) ? output.text.join('') : output.text) };
    case 'display_data':
    case 'execute_result': {
      const data: Record<string, unknown> = {};
      for (const [mime, value] of Object.entries(output.data)) {
        // JSON MIME types keep their value; text ones are stored as lines, as nbformat does.
        data[mime] = typeof value === 'string' && !/json$/.test(mime) ? splitLines(value) : value;
      }
      return { ...output, data };
    }
    default:
      return output;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
