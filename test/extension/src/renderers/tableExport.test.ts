import assert from 'node:assert/strict';
import { requireWithVscode } from '../fakeVscode.js';

/**
 * The table renderer's export through the extension host writes a file only when the user picked one in
 * the save dialog: cancelling writes nothing, and the written bytes are exactly the CSV the renderer sent.
 * `vscode` exists only inside VS Code, so the few calls the host makes are faked here.
 */

interface Written {
  path: string;
  text: string;
}

/** A fake of the `vscode` API surface tableExport.ts uses, with the save dialog's answer given per test. */
function fakeVscode(saveAnswer: () => { fsPath: string } | undefined) {
  const state = {
    listener: undefined as undefined | ((e: { editor: unknown; message: unknown }) => Promise<void>),
    replies: [] as unknown[],
    written: [] as Written[],
    dialogs: 0,
  };
  const api = {
    notebooks: {
      createRendererMessaging: () => ({
        onDidReceiveMessage: (l: typeof state.listener) => {
          state.listener = l;
          return { dispose() {} };
        },
        postMessage: (m: unknown) => {
          state.replies.push(m);
          return Promise.resolve(true);
        },
      }),
    },
    Uri: {
      joinPath: (base: { fsPath: string }, ...parts: string[]) => ({
        fsPath: [base.fsPath, ...parts].join('/'),
      }),
    },
    window: {
      showSaveDialog: async () => {
        state.dialogs++;
        return saveAnswer();
      },
    },
    workspace: {
      fs: {
        writeFile: async (uri: { fsPath: string }, bytes: Uint8Array) => {
          state.written.push({ path: uri.fsPath, text: new TextDecoder().decode(bytes) });
        },
      },
    },
    env: { clipboard: { writeText: async () => undefined } },
    l10n: { t: (s: string) => s },
  };
  return { api, state };
}

/** Loads tableExport.ts with `vscode` resolved to `api`. */
function loadTableExport(api: unknown): typeof import('../../../../extension/src/renderers/tableExport.js') {
  return requireWithVscode(require.resolve('../../../../extension/src/renderers/tableExport.ts'), api);
}

const editor = { notebook: { uri: { fsPath: '/ws/review.ipynb' } } };
const CSV = 'user_id,segment\n"<img src=x onerror=alert(1)>",\'=1+1\n';

describe('extension table export: nothing written without the user’s say', () => {
  it('cancelling the save dialog writes nothing and tells the renderer', async () => {
    const { api, state } = fakeVscode(() => undefined);
    loadTableExport(api).registerTableRendererMessaging();
    await state.listener!({ editor, message: { type: 'exportCsv', suggestedName: 'a.csv', csv: CSV } });
    assert.equal(state.dialogs, 1);
    assert.deepEqual(state.written, []);
    assert.deepEqual(state.replies, [{ type: 'exportCancelled' }]);
  });

  it('writes exactly the CSV sent, to the file the user picked, and nothing else', async () => {
    const { api, state } = fakeVscode(() => ({ fsPath: '/ws/picked.csv' }));
    loadTableExport(api).registerTableRendererMessaging();
    await state.listener!({ editor, message: { type: 'exportCsv', suggestedName: 'a.csv', csv: CSV } });
    assert.deepEqual(state.written, [{ path: '/ws/picked.csv', text: CSV }]);
    assert.deepEqual(state.replies, [{ type: 'exported', path: '/ws/picked.csv' }]);
  });

  it('copy and unknown messages write no file and open no dialog', async () => {
    const { api, state } = fakeVscode(() => ({ fsPath: '/ws/picked.csv' }));
    loadTableExport(api).registerTableRendererMessaging();
    await state.listener!({ editor, message: { type: 'copy', text: 'x' } });
    await state.listener!({ editor, message: { type: 'writeFile', path: '/etc/passwd', csv: 'x' } });
    assert.equal(state.dialogs, 0);
    assert.deepEqual(state.written, []);
    assert.deepEqual(state.replies, [{ type: 'copied' }]);
  });
});
