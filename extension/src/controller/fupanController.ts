import * as vscode from 'vscode';
import type { NbOutput, TslabKernel } from '@fupan/kernel-client';
import { kernelRuntime } from './kernelRuntime.js';
import { cellOutputs } from './outputItems.js';

/** The kernel client is loaded on first execution: it needs zeromq's native addon, which activation should not. */
const loadKernelClient = () => import('@fupan/kernel-client');

/**
 * The "Fupan TypeScript" notebook controller: runs the TypeScript cells of `.ipynb` notebooks through a tslab
 * kernel that Fupan starts and talks to over ZeroMQ itself — no Python, no Jupyter extension. One kernel per
 * notebook, started in the notebook's folder so relative imports and data paths resolve as in Jupyter; from the
 * folder's own node_modules or, when it has none, from the runtime the .vsix carries ({@link kernelRuntime}).
 * Closing a notebook's last tab stops its kernel; "Restart Kernel" replaces a kernel (also a broken one).
 * Nothing runs in an untrusted workspace.
 */
export class FupanController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly kernels = new Map<string, Promise<TslabKernel>>();
  private readonly disposables: vscode.Disposable[] = [];
  private executionOrder = 0;

  constructor(private readonly extensionPath: string) {
    this.controller = vscode.notebooks.createNotebookController(
      'fupan-typescript',
      'jupyter-notebook',
      'Fupan TypeScript',
    );
    this.controller.supportedLanguages = ['typescript'];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = vscode.l10n.t('tslab kernel, run by Fupan (no Python needed)');
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
    this.controller.interruptHandler = (notebook) => this.interrupt(notebook);
    this.disposables.push(
      this.controller,
      vscode.workspace.onDidCloseNotebookDocument((nb) => void this.shutdown(nb.uri.toString())),
      vscode.window.tabGroups.onDidChangeTabs((e) => this.shutdownClosed(e.closed)),
      vscode.commands.registerCommand('fupan.restartKernel', (uri?: vscode.Uri) => this.restart(uri)),
      vscode.commands.registerCommand('fupan.interruptKernel', (uri?: vscode.Uri) => {
        const notebook = this.notebookFor(uri);
        if (notebook) this.interrupt(notebook);
      }),
    );
  }

  /** The notebook a command is about: the one it was invoked on, else the active one. */
  private notebookFor(uri: vscode.Uri | undefined): vscode.NotebookDocument | undefined {
    if (uri) return vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString());
    return vscode.window.activeNotebookEditor?.notebook;
  }

  /** Stops the kernels of notebooks whose last tab was closed (the document itself may stay open for a while). */
  private shutdownClosed(closed: readonly vscode.Tab[]): void {
    const stillOpen = new Set(
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .flatMap((t) => (t.input instanceof vscode.TabInputNotebook ? [t.input.uri.toString()] : [])),
    );
    for (const tab of closed) {
      if (!(tab.input instanceof vscode.TabInputNotebook)) continue;
      const key = tab.input.uri.toString();
      if (!stillOpen.has(key)) void this.shutdown(key);
    }
  }

  /**
   * Restart Kernel (重启内核): stops the notebook's kernel, whatever its state, and starts a fresh one, so a
   * kernel broken by a changed node_modules or a stuck cell recovers without reloading the window.
   */
  private async restart(uri: vscode.Uri | undefined): Promise<void> {
    const notebook = this.notebookFor(uri);
    if (!notebook) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a notebook to restart its kernel.'));
      return;
    }
    await this.shutdown(notebook.uri.toString());
    this.executionOrder = 0;
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Restarting the Fupan kernel…'),
      },
      async () => {
        try {
          await this.kernelFor(notebook);
        } catch (e) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t('The Fupan kernel did not start: {0}', e instanceof Error ? e.message : String(e)),
          );
        }
      },
    );
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Fupan does not run notebook cells in an untrusted workspace. Trust the workspace first.',
        ),
      );
      return;
    }
    for (const cell of cells) {
      if (!(await this.executeCell(cell, notebook))) break;
    }
  }

  /** Runs one cell; returns whether the next queued cell should run. */
  private async executeCell(cell: vscode.NotebookCell, notebook: vscode.NotebookDocument): Promise<boolean> {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.executionOrder = ++this.executionOrder;
    execution.start(Date.now());
    await execution.clearOutput();
    const abort = new AbortController();
    const cancelled = execution.token.onCancellationRequested(() => abort.abort());
    try {
      const kernel = await this.kernelFor(notebook);
      const outputs: NbOutput[] = [];
      const show = () => execution.replaceOutput(cellOutputs(outputs).map(toVsOutput));
      const result = await kernel.execute(cell.document.getText(), {
        signal: abort.signal,
        onOutput: (o) => {
          outputs.push(o);
          void show();
        },
      });
      outputs.splice(0, outputs.length, ...result.outputs);
      if (result.status !== 'ok' && result.status !== 'error' && result.error) {
        outputs.push({ output_type: 'error', ename: result.status, evalue: result.error, traceback: [] });
      }
      await show();
      if (result.status === 'died') this.kernels.delete(notebook.uri.toString());
      execution.end(result.status === 'ok', Date.now());
      return result.status === 'ok';
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      await execution.replaceOutput(
        new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(error)]),
      );
      execution.end(false, Date.now());
      this.kernels.delete(notebook.uri.toString());
      return false;
    } finally {
      cancelled.dispose();
    }
  }

  private kernelFor(notebook: vscode.NotebookDocument): Promise<TslabKernel> {
    const key = notebook.uri.toString();
    let kernel = this.kernels.get(key);
    if (!kernel) {
      const folder =
        notebook.uri.scheme === 'file'
          ? vscode.Uri.joinPath(notebook.uri, '..').fsPath
          : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
      kernel = loadKernelClient().then(({ TslabKernel }) =>
        TslabKernel.start(kernelRuntime(folder, this.extensionPath).options),
      );
      kernel.catch(() => this.kernels.delete(key));
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private interrupt(notebook: vscode.NotebookDocument): void {
    void this.kernels
      .get(notebook.uri.toString())
      ?.then((k) => k.interrupt())
      .catch(() => undefined);
  }

  private async shutdown(key: string): Promise<void> {
    const kernel = this.kernels.get(key);
    this.kernels.delete(key);
    await kernel?.then((k) => k.shutdown()).catch(() => undefined);
  }

  /** Shuts every kernel down. */
  dispose(): void {
    for (const key of [...this.kernels.keys()]) void this.shutdown(key);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function toVsOutput(o: ReturnType<typeof cellOutputs>[number]): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput(
    o.items.map((i) => new vscode.NotebookCellOutputItem(i.data, i.mime)),
    { outputType: o.outputType, ...(o.metadata ? { metadata: o.metadata } : {}) },
  );
}
