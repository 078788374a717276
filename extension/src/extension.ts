/**
 * Fupan's VS Code extension: wiring only. Each feature lives in its own file.
 */
import * as vscode from 'vscode';
import { FupanController } from './controller/fupanController.js';
import { registerPreviewCommand } from './preview/previewCommand.js';
import { registerTableRendererMessaging } from './renderers/tableExport.js';
import { registerScaffoldCommands } from './scaffold/scaffoldCommand.js';

/** Called by VS Code on the first use of a contributed command, renderer or controller. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    registerTableRendererMessaging(),
    registerPreviewCommand(context.extensionUri, context.workspaceState),
    new FupanController(context.extensionPath),
    ...registerScaffoldCommands(context.extensionUri),
  );
}

/** Nothing to release beyond `context.subscriptions`. */
export function deactivate(): void {}
