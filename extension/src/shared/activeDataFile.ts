import * as vscode from 'vscode';

/** The data files Fupan reads (CSV, TSV, Parquet, JSON, NDJSON, optionally gzipped). */
export const DATA_FILE = /\.(csv|tsv|parquet|json|ndjson|jsonl)(\.gz)?$/i;

/**
 * The data file of the active tab: a text editor, or a tab VS Code shows without one (a large CSV, a Parquet
 * file in the binary or a custom editor).
 * @returns its uri, or undefined when the active tab is not a data file
 */
export function activeDataFile(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri =
    input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom
      ? input.uri
      : vscode.window.activeTextEditor?.document.uri;
  return uri && DATA_FILE.test(uri.path) ? uri : undefined;
}
