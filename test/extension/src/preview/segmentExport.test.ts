import assert from 'node:assert/strict';
import { join } from 'node:path';
import { requireWithVscode } from '../fakeVscode.js';

/**
 * The segment preview's export writes a file only when the user picked one in the save dialog:
 * cancelling writes nothing, a picked file gets exactly the segment's users, and messages the webview
 * might send that are not an export (or a forged "write this file") write nothing and open no dialog.
 * `vscode` is faked: the panel's webview is a message channel, the file is the e2e fixture.
 */

const ORDERS = join(__dirname, '../../fixtures/ws/orders.csv');

interface Uri {
  fsPath: string;
  path: string;
}

const uri = (p: string): Uri => ({ fsPath: p, path: p });

/** The `vscode` calls the preview makes, with the save dialog's answer given per test. */
function fakeVscode(saveAnswer: Uri | undefined) {
  const state = {
    listener: undefined as undefined | ((m: unknown) => void),
    posted: [] as { type: string; text?: string }[],
    written: [] as { path: string; text: string }[],
    dialogs: 0,
  };
  const disposable = { dispose() {} };
  const api = {
    ViewColumn: { Active: -1 },
    ProgressLocation: { Notification: 15 },
    Uri: { joinPath: (base: Uri, ...parts: string[]) => uri(join(base.fsPath, ...parts)) },
    l10n: {
      t: (s: string, ...args: unknown[]) => s.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)])),
    },
    window: {
      createWebviewPanel: () => ({
        webview: {
          html: '',
          cspSource: 'vscode-webview://fupan',
          asWebviewUri: (u: Uri) => ({ toString: () => `vscode-webview://fupan${u.path}` }),
          postMessage: async (m: { type: string }) => (state.posted.push(m), true),
          onDidReceiveMessage: (l: (m: unknown) => void) => ((state.listener = l), disposable),
        },
        onDidDispose: () => disposable,
        dispose() {},
      }),
      withProgress: (_: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
        task({ report() {} }, { onCancellationRequested: () => disposable }),
      showSaveDialog: async () => (state.dialogs++, saveAnswer),
      showErrorMessage: async (message: string) => assert.fail(message),
    },
    workspace: {
      fs: {
        writeFile: async (target: Uri, bytes: Uint8Array) => {
          state.written.push({ path: target.fsPath, text: new TextDecoder().decode(bytes) });
        },
      },
    },
  };
  return { api, state };
}

/** Opens the preview of the fixture, sends the webview's messages, waits for the host to handle them. */
async function preview(saveAnswer: Uri | undefined, ...messages: unknown[]) {
  const { api, state } = fakeVscode(saveAnswer);
  const { SegmentPreviewPanel } = requireWithVscode<
    typeof import('../../../../extension/src/preview/segmentPreviewPanel.js')
  >(require.resolve('../../../../extension/src/preview/segmentPreviewPanel.ts'), api);
  type VsUri = Parameters<typeof SegmentPreviewPanel.open>[0];
  await SegmentPreviewPanel.open(uri('/ext') as VsUri, uri(ORDERS) as VsUri);
  assert.ok(
    state.posted.some((m) => m.type === 'summary'),
    JSON.stringify(state.posted),
  );
  for (const m of messages) state.listener!(m);
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  return state;
}

describe('extension segment preview: nothing written without the user’s say', () => {
  it('cancelling the save dialog writes nothing', async () => {
    const state = await preview(undefined, { type: 'exportSegment', segment: 'generalWinBack' });
    assert.equal(state.dialogs, 1);
    assert.deepEqual(state.written, []);
  });

  it('writes the segment’s users to the file the user picked, and only there', async () => {
    const state = await preview(uri('/picked/users.csv'), {
      type: 'exportSegment',
      segment: 'generalWinBack',
    });
    assert.deepEqual(
      state.written.map((w) => w.path),
      ['/picked/users.csv'],
    );
    assert.match(state.written[0].text, /^user_id,recency,frequency,monetary,r,f,m,segment,segment_zh\n/);
    assert.equal(
      state.written[0].text.trim().split('\n').length,
      3,
      'a header and the 2 users of the segment',
    );
    assert.ok(
      state.posted.some(
        (m) => m.type === 'status' && /Exported 2 users to \/picked\/users\.csv/.test(m.text!),
      ),
    );
  });

  it('other and forged messages open no dialog and write nothing', async () => {
    const state = await preview(
      uri('/picked/users.csv'),
      { type: 'ready' },
      { type: 'setStrategy', strategy: 'mean' },
      { type: 'requestRows', requestId: 1, segment: null, sort: null, start: 0, end: 5 },
      { type: 'writeFile', path: '/etc/passwd', text: 'x' },
      { type: 'exportCsv', suggestedName: 'x.csv', csv: 'x' },
    );
    assert.equal(state.dialogs, 0);
    assert.deepEqual(state.written, []);
  });
});
