import * as vscode from 'vscode';
import { activeDataFile, DATA_FILE } from '../shared/activeDataFile.js';
import { SegmentPreviewPanel } from './segmentPreviewPanel.js';

/**
 * `Fupan: Preview Segments`: from the explorer's context menu or the editor title (the clicked file), or from
 * the palette (the active tab's data file, else a file picker).
 * @param extensionUri the extension's root
 * @param memory where the column mapping confirmed per file is kept (the workspace's state)
 */
export function registerPreviewCommand(extensionUri: vscode.Uri, memory?: vscode.Memento): vscode.Disposable {
  return vscode.commands.registerCommand('fupan.previewSegments', async (clicked?: vscode.Uri) => {
    let file = clicked instanceof vscode.Uri ? clicked : activeDataFile();
    if (!file || !DATA_FILE.test(file.path)) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { [vscode.l10n.t('Orders data')]: ['csv', 'tsv', 'parquet', 'json', 'ndjson', 'jsonl'] },
        title: vscode.l10n.t('Preview the RFM segments of an orders file'),
      });
      file = picked?.[0];
    }
    if (file) await SegmentPreviewPanel.open(extensionUri, file, memory);
  });
}
