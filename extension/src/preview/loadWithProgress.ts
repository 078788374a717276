import { load } from '@fupan/kernel-lib';
import type { ColumnTable } from 'arquero';
import * as vscode from 'vscode';
import type { PreviewLoadChoices } from './previewLoad.js';

/**
 * Loads an orders file (CSV, Parquet, JSON) with kernel-lib's `load()`, showing VS Code progress with a
 * Cancel button; cancelling aborts the load (its `AbortSignal`), which then rejects with `CancelledError`.
 * @param uri the file; it is only read
 * @param choices the column mapping, a derived amount, dropping rows without a customer id, the delimiter
 * @returns the canonical orders table
 */
export async function loadOrdersWithProgress(
  uri: vscode.Uri,
  choices: PreviewLoadChoices = {},
): Promise<ColumnTable> {
  const { columns, amount, missingUsers, delimiter } = choices;
  const name = uri.path.split('/').pop() ?? uri.fsPath;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Loading {0}', name),
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await load(uri.fsPath, {
          table: 'orders',
          ...(columns ? { columns } : {}),
          ...(amount ? { amount } : {}),
          ...(missingUsers ? { missingUsers } : {}),
          ...(delimiter ? { delimiter } : {}),
          signal: controller.signal,
          onProgress: (read, total) => {
            const percent = total > 0 ? Math.min(100, (100 * read) / total) : 0;
            if (percent - reported < 1) return;
            progress.report({ increment: percent - reported, message: `${Math.floor(percent)}%` });
            reported = percent;
          },
        });
      } finally {
        subscription.dispose();
      }
    },
  );
}
