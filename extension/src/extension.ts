/**
 * Fupan's VS Code extension: wiring only. Each feature lives in its own file.
 */
import * as vscode from 'vscode';
import { registerTableRendererMessaging } from './renderers/tableExport.js';

/** Called by VS Code on the first use of a contributed command, renderer or controller. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(registerTableRendererMessaging());
}

/** Nothing to release beyond `context.subscriptions`. */
export function deactivate(): void {}
