import * as vscode from 'vscode';
import type { TableHostMessage, TableRendererMessage } from '../shared/tableMessages.js';

/**
 * Answers the inline Fupan table renderer: export to CSV through a save dialog (nothing is written unless the
 * user picks a file), copy through VS Code's clipboard when the webview has no clipboard access.
 * @returns the listener's disposable
 */
export function registerTableRendererMessaging(): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging('fupan.table');
  return messaging.onDidReceiveMessage(async ({ editor, message }) => {
    const reply = (m: TableHostMessage) => void messaging.postMessage(m, editor);
    const msg = message as TableRendererMessage;
    try {
      if (msg.type === 'copy') {
        await vscode.env.clipboard.writeText(msg.text);
        reply({ type: 'copied' });
      } else if (msg.type === 'exportCsv') {
        const folder = vscode.Uri.joinPath(editor.notebook.uri, '..');
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(folder, msg.suggestedName),
          filters: { CSV: ['csv'] },
          title: vscode.l10n.t('Export table to CSV'),
        });
        if (!target) return reply({ type: 'exportCancelled' });
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(msg.csv));
        reply({ type: 'exported', path: target.fsPath });
      }
    } catch (e) {
      reply({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  });
}
