import { load } from '@fupan/kernel-lib';
import type { ColumnTable } from 'arquero';
import * as vscode from 'vscode';

/**
 * Loads an orders file (CSV, Parquet, JSON) with kernel-lib's `load()`, showing VS Code progress with a
 * Cancel button; cancelling aborts the load (its `AbortSignal`), which then rejects with `CancelledError`.
 * Columns are mapped by kernel-lib's guess (English and Chinese headers) unless a mapping is given.
 * @param uri the file; it is only read
 * @param columns canonical camelCase name → the file's header, when the user confirmed a mapping
 * @returns the canonical orders table
 */
export async function loadOrdersWithProgress(
  uri: vscode.Uri,
  columns?: Record<string, string>,
): Promise<ColumnTable> {
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
