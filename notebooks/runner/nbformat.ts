/**
 * The parts of the Jupyter notebook format (nbformat 4) the notebook runner reads and writes.
 * Multi-line strings may be stored as one string or as an array of lines; {@link joinText} reads both. A cell's
 * outputs are the kernel client's types (`@fupan/kernel-client`).
 */
import type { NbMimeBundle, NbOutput } from '@fupan/kernel-client';

/** A code cell. */
export interface NbCodeCell {
  cell_type: 'code';
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  execution_count: number | null;
  outputs: NbOutput[];
}

/** A markdown or raw cell. */
export interface NbTextCell {
  cell_type: 'markdown' | 'raw';
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  attachments?: Record<string, NbMimeBundle>;
}

/** One cell. */
export type NbCell = NbCodeCell | NbTextCell;

/** A whole notebook. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NbCell[];
}

/** The kernelspec metadata of a tslab notebook. */
export const TSLAB_KERNELSPEC = { name: 'tslab', display_name: 'TypeScript (tslab)', language: 'typescript' };

/** A multi-line field as one string, whether stored as a string or as an array of lines. */
export function joinText(text: string | string[] | undefined): string {
  if (text === undefined) return '';
  return Array.isArray(text) ? text.join('') : text;
}

/**
 * Splits text into Jupyter's on-disk form: lines that keep their `\n`, the last one without.
 * @example splitLines('a\nb\n') // ['a\n', 'b\n']
 */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

/** The first non-empty line of a cell's source (for error messages and progress lines). */
export function firstLine(cell: NbCell): string {
  const line = joinText(cell.source)
    .split('\n')
    .find((l) => l.trim() !== '');
  return (line ?? '').trim();
}
