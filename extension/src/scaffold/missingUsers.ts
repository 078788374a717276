import * as vscode from 'vscode';
import { headOf } from '../preview/loadProblem.js';
import { loadOrdersWithProgress } from '../preview/loadWithProgress.js';
import { rowsWithoutUser } from '../preview/previewLoad.js';
import { columnSample } from './dataZone.js';

/** How the new notebook will load one input file: its table kind, column mapping and derived amount. */
export interface InputLoad {
  file: string;
  /** The canonical table, e.g. `orders`, `events`. */
  table: string;
  /** canonical camelCase name → the file's header */
  mapping: Record<string, string>;
  amount?: { product: [string, string] };
  delimiter: string;
}

/**
 * Whether the new notebook must load a file with `missingUsers: 'drop'` (无用户ID的行): some of its rows have
 * no user id. An orders file is loaded as the notebook will load it (with progress and Cancel) and its rows
 * counted, since blanks can start deep in an export (Online Retail's first is on line 624, past the 200
 * rows a sample reads). Other tables, and an orders file that does not load or whose load is cancelled, are
 * judged from their first rows (a load error then shows in the notebook's load cell).
 * @returns whether some rows (or sampled rows) have no user id
 */
export async function hasRowsWithoutUser(input: InputLoad): Promise<boolean> {
  const { file, table, mapping, amount, delimiter } = input;
  if (mapping.userId === undefined) return false;
  if (table === 'orders') {
    try {
      const orders = await loadOrdersWithProgress(vscode.Uri.file(file), {
        columns: mapping,
        ...(amount ? { amount } : {}),
      });
      return rowsWithoutUser(orders) > 0;
    } catch {
      // Judged from the first rows below.
    }
  }
  const head = await headOf(file).catch(() => new Uint8Array());
  return columnSample(head, mapping.userId, delimiter).some((v) => v.trim() === '');
}
