import { join } from 'node:path';
import { requireWithVscode } from '../fakeVscode.js';

/** A file uri as the preview reads it. */
export interface FakeUri {
  fsPath: string;
  path: string;
  toString(): string;
}

export const uri = (p: string): FakeUri => ({ fsPath: p, path: p, toString: () => `file://${p}` });

/** How the fake user answers, per test. */
export interface FakeUser {
  /** The save dialog's answer. */
  saveAnswer?: FakeUri;
  /** Presses Cancel on the load's progress notification at its first progress report. */
  cancelAtFirstProgress?: boolean;
  /** The button pressed on a notification (error, warning, information), by its text; none by default. */
  press?: (message: string, actions: string[]) => string | undefined;
}

/** What the preview did: messages to its webview, notifications, files written, progress reported. */
export interface FakeState {
  listener?: (m: unknown) => void;
  posted: { type: string; text?: string; message?: string; fileName?: string }[];
  errors: string[];
  notices: string[];
  written: { path: string; text: string }[];
  dialogs: number;
  progress: string[];
  remembered: Map<string, unknown>;
}

/**
 * The `vscode` calls the segment preview makes (webview panel as a message channel, progress, notifications,
 * save dialog, file writes, the workspace's memory), and the panel class loaded against it.
 */
export function fakePreview(user: FakeUser = {}) {
  const state: FakeState = {
    posted: [],
    errors: [],
    notices: [],
    written: [],
    dialogs: 0,
    progress: [],
    remembered: new Map(),
  };
  const disposable = { dispose() {} };
  const notify =
    (into: string[]) =>
    async (message: string, ...actions: string[]) => {
      into.push(message);
      return user.press?.(message, actions);
    };
  const api = {
    ViewColumn: { Active: -1 },
    ProgressLocation: { Notification: 15 },
    Uri: { joinPath: (base: FakeUri, ...parts: string[]) => uri(join(base.fsPath, ...parts)) },
    l10n: {
      t: (s: string, ...args: unknown[]) => s.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)])),
    },
    window: {
      createWebviewPanel: () => ({
        webview: {
          html: '',
          cspSource: 'vscode-webview://fupan',
          asWebviewUri: (u: FakeUri) => ({ toString: () => `vscode-webview://fupan${u.path}` }),
          postMessage: async (m: FakeState['posted'][number]) => (state.posted.push(m), true),
          onDidReceiveMessage: (l: (m: unknown) => void) => ((state.listener = l), disposable),
        },
        onDidDispose: () => disposable,
        dispose() {},
      }),
      withProgress: (_: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => {
        let cancel: (() => void) | undefined;
        const token = { onCancellationRequested: (l: () => void) => ((cancel = l), disposable) };
        const progress = {
          report(p: { message?: string }) {
            state.progress.push(p.message ?? '');
            if (user.cancelAtFirstProgress) cancel?.();
          },
        };
        return task(progress, token);
      },
      showSaveDialog: async () => (state.dialogs++, user.saveAnswer),
      showErrorMessage: notify(state.errors),
      showWarningMessage: notify(state.notices),
      showInformationMessage: notify(state.notices),
    },
    workspace: {
      fs: {
        writeFile: async (target: FakeUri, bytes: Uint8Array) => {
          state.written.push({ path: target.fsPath, text: new TextDecoder().decode(bytes) });
        },
      },
    },
  };
  const memory = {
    get: (key: string) => state.remembered.get(key),
    update: async (key: string, value: unknown) => void state.remembered.set(key, value),
  };
  const { SegmentPreviewPanel } = requireWithVscode<
    typeof import('../../../../extension/src/preview/segmentPreviewPanel.js')
  >(require.resolve('../../../../extension/src/preview/segmentPreviewPanel.ts'), api);
  type Open = typeof SegmentPreviewPanel.open;
  /** Opens the preview of `file` and lets the host settle. */
  const open = async (file: string) => {
    await SegmentPreviewPanel.open(
      uri('/ext') as unknown as Parameters<Open>[0],
      uri(file) as unknown as Parameters<Open>[1],
      memory as unknown as Parameters<Open>[2],
    );
    await settle();
  };
  return { state, open, settle };
}

/** Lets promises the host did not await (notifications, webview messages) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}
