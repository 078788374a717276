import { CancelledError, loadReport } from '@fupan/kernel-lib';
import type { ColumnTable } from 'arquero';
import * as vscode from 'vscode';
import type {
  PreviewHostMessage,
  PreviewStrategy,
  PreviewWebviewMessage,
} from '../shared/previewMessages.js';
import { confirmColumnMapping, readHeaders } from '../mapping/columnMapping.js';
import { webviewHtml, webviewOptions } from '../webviews/webviewHtml.js';
import { describeLoadProblem, headOf } from './loadProblem.js';
import { loadOrdersWithProgress } from './loadWithProgress.js';
import {
  describeLoadChoices,
  guessLoadChoices,
  rowsWithoutUser,
  withColumns,
  type PreviewLoadChoices,
} from './previewLoad.js';
import { computePreview, type PreviewState } from './previewSession.js';

/**
 * The segment preview of one data file: a webview showing RFM segments computed in the extension host. The
 * host keeps the users; the webview asks for windows of rows, switches strategy and asks for exports.
 */
export class SegmentPreviewPanel {
  private state: PreviewState | undefined;
  private orders: ColumnTable | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly file: vscode.Uri,
    private readonly memory: vscode.Memento | undefined,
  ) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: PreviewWebviewMessage) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /**
   * Opens a preview of `file`: loads it (with progress, cancellable: a cancelled load says so in the panel),
   * computes segments with the quantile strategy and shows them.
   * @param extensionUri the extension's root (for the webview's own scripts and styles)
   * @param file a CSV, Parquet or JSON file of orders
   */
  static async open(
    extensionUri: vscode.Uri,
    file: vscode.Uri,
    memory?: vscode.Memento,
  ): Promise<SegmentPreviewPanel> {
    const name = file.path.split('/').pop() ?? file.fsPath;
    const panel = vscode.window.createWebviewPanel(
      'fupan.segmentPreview',
      vscode.l10n.t('Segments: {0}', name),
      vscode.ViewColumn.Active,
      webviewOptions(extensionUri),
    );
    panel.webview.html = webviewHtml(panel.webview, extensionUri, {
      title: `Segments ${name}`,
      script: 'preview.js',
      styles: ['table.css', 'preview.css'],
    });
    const preview = new SegmentPreviewPanel(panel, file, memory);
    await preview.post({ type: 'loading', fileName: name });
    // The choices the user confirmed for this file before, else the best guess from the headers (Chinese and
    // English export habits, an amount from quantity × unit price), applied at once; the user sees what was
    // guessed and can change it.
    const remembered = preview.rememberedChoices();
    let choices: PreviewLoadChoices =
      remembered ?? guessLoadChoices(await readHeaders(file.fsPath).catch(() => [])) ?? {};
    let guessed = !remembered && choices.columns !== undefined;
    for (;;) {
      try {
        preview.orders = await loadOrdersWithProgress(file, choices);
        const missing = rowsWithoutUser(preview.orders);
        if (missing > 0) {
          preview.orders = undefined;
          const drop = vscode.l10n.t(
            'Drop rows with no customer id ({0} rows)',
            missing.toLocaleString('en-US'),
          );
          const message = vscode.l10n.t(
            '{0} rows of {1} have no customer id.',
            missing.toLocaleString('en-US'),
            name,
          );
          await preview.post({ type: 'error', message });
          if ((await vscode.window.showWarningMessage(message, drop)) !== drop) break;
          choices = { ...choices, missingUsers: 'drop' };
          await preview.rememberChoices(choices);
          continue;
        }
        await preview.compute('quantile');
        if (choices.missingUsers === 'drop') {
          const dropped = loadReport(preview.orders)?.dropped.reduce((n, d) => n + d.rows, 0) ?? 0;
          await preview.post({
            type: 'status',
            text: vscode.l10n.t('Dropped {0} rows with no customer id', dropped.toLocaleString('en-US')),
          });
        }
        if (guessed) void preview.offerMappingChange(choices);
        break;
      } catch (e) {
        if (e instanceof CancelledError) {
          // The user's own choice: said in the panel, not as an error.
          await preview.post({ type: 'cancelled', fileName: name });
          break;
        }
        const problem = describeLoadProblem(name, await headOf(file.fsPath).catch(() => new Uint8Array()), e);
        if (problem.delimiter && choices.delimiter !== problem.delimiter) {
          // The hint acted on: the file is read again with the delimiter that fits, its headers guessed anew.
          const headers = await readHeaders(file.fsPath, problem.delimiter).catch(() => []);
          choices = { ...(guessLoadChoices(headers) ?? {}), delimiter: problem.delimiter };
          guessed = true;
          await preview.rememberChoices(choices);
          await preview.post({
            type: 'status',
            text: vscode.l10n.t('{0}: loading again with delimiter whitespace', problem.message),
          });
          continue;
        }
        await preview.post({ type: 'error', message: problem.message });
        const mapAction = vscode.l10n.t('Map columns…');
        const choice = await vscode.window.showErrorMessage(
          vscode.l10n.t('Fupan could not preview {0}: {1}', name, problem.message),
          ...(problem.canMap ? [mapAction] : []),
        );
        if (choice !== mapAction) break;
        const columns = await confirmColumnMapping(file.fsPath, 'orders', choices.delimiter);
        guessed = false;
        if (!columns) break;
        choices = withColumns(choices, columns);
        await preview.rememberChoices(choices);
      }
    }
    return preview;
  }

  private get memoryKey(): string {
    return `fupan.previewMapping:${this.file.toString()}`;
  }

  /** The load choices the user confirmed for this file in an earlier preview (kept per workspace). */
  private rememberedChoices(): PreviewLoadChoices | undefined {
    return this.memory?.get<PreviewLoadChoices>(this.memoryKey);
  }

  private async rememberChoices(choices: PreviewLoadChoices): Promise<void> {
    await this.memory?.update(this.memoryKey, choices);
  }

  /** Says what the preview guessed (columns, a derived amount), with "Change mapping". */
  private async offerMappingChange(choices: PreviewLoadChoices): Promise<void> {
    const change = vscode.l10n.t('Change mapping');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Columns guessed from the headers: {0}', describeLoadChoices(choices)),
      change,
    );
    if (choice !== change) return;
    const columns = await confirmColumnMapping(this.file.fsPath, 'orders', choices.delimiter);
    if (!columns) return;
    const confirmed = withColumns(choices, columns);
    await this.rememberChoices(confirmed);
    try {
      this.orders = await loadOrdersWithProgress(this.file, confirmed);
      await this.compute(this.state?.summary.strategy ?? 'quantile');
    } catch (e) {
      await this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private async compute(strategy: PreviewStrategy): Promise<void> {
    if (!this.orders) return;
    const name = this.file.path.split('/').pop() ?? '';
    this.state = computePreview(this.orders, name, strategy);
    await this.post({ type: 'summary', summary: this.state.summary });
  }

  private async onMessage(message: PreviewWebviewMessage): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          if (this.state) await this.post({ type: 'summary', summary: this.state.summary });
          break;
        case 'setStrategy':
          await this.compute(message.strategy);
          break;
        case 'requestRows': {
          const rows =
            this.state?.users.rows(message.segment, message.sort, message.start, message.end) ?? [];
          await this.post({ type: 'rows', requestId: message.requestId, start: message.start, rows });
          break;
        }
        case 'exportSegment':
          await this.exportSegment(message.segment);
          break;
      }
    } catch (e) {
      await this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Writes a segment's users to a CSV file the user picks; nothing is written if the dialog is cancelled. */
  private async exportSegment(segment: string | null): Promise<void> {
    if (!this.state) return;
    const base = (this.file.path.split('/').pop() ?? 'users').replace(/\.[^.]+$/, '');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.file, '..', `${base}-${segment ?? 'all'}-users.csv`),
      filters: { CSV: ['csv'] },
      title: vscode.l10n.t('Export the users of a segment to CSV'),
    });
    if (!target) return;
    const csv = this.state.users.csv(segment);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(csv));
    const count = this.state.users.count(segment);
    await this.post({
      type: 'status',
      text: vscode.l10n.t('Exported {0} users to {1}', count, target.fsPath),
    });
  }

  private post(message: PreviewHostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    this.state = undefined;
    this.orders = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
