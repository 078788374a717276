import * as vscode from 'vscode';
import { SegmentPreviewPanel } from './segmentPreviewPanel.js';

const PREVIEWABLE = /\.(csv|tsv|parquet|json|ndjson|jsonl)$/i;

/**
 * `Fupan: Preview Segments`: from the explorer's context menu or the editor title (the clicked file), or from
 * the palette (the active editor's file, else a file picker).
 * @param extensionUri the extension's root
 */
export function registerPreviewCommand(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand('fupan.previewSegments', async (clicked?: vscode.Uri) => {
    let file = clicked instanceof vscode.Uri ? clicked : vscode.window.activeTextEditor?.document.uri;
    if (!file || !PREVIEWABLE.test(file.path)) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { [vscode.l10n.t('Orders data')]: ['csv', 'tsv', 'parquet', 'json', 'ndjson', 'jsonl'] },
        title: vscode.l10n.t('Preview the RFM segments of an orders file'),
      });
      file = picked?.[0];
    }
    if (file) await SegmentPreviewPanel.open(extensionUri, file);
  });
}
