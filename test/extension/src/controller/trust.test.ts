import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireWithVscode } from '../fakeVscode.js';

/**
 * Workspace trust, Fupan's side: the manifest declares limited support for untrusted workspaces, and the
 * notebook controller's execute handler runs nothing while the workspace is untrusted — no cell
 * execution, so no kernel (a kernel is started only for a cell execution) — and says why. Trust is read
 * on each execution, so trusting the folder later lets cells run. VS Code itself asks for trust before a
 * cell runs (test/extension/e2e/trust.test.ts); this is the guard behind it. `vscode` is faked.
 */

const EXTENSION = join(__dirname, '../../../../extension');

type ExecuteHandler = (cells: unknown[], notebook: unknown) => Promise<void>;

/** The `vscode` calls the controller makes, recording executions and warnings. */
function fakeVscode(trusted: boolean) {
  const state = {
    workspace: { isTrusted: trusted },
    executions: 0,
    warnings: [] as string[],
    executeHandler: undefined as ExecuteHandler | undefined,
  };
  const disposable = { dispose() {} };
  const api = {
    notebooks: {
      createNotebookController: () => ({
        ...disposable,
        set executeHandler(h: ExecuteHandler) {
          state.executeHandler = h;
        },
        createNotebookCellExecution: () => {
          state.executions++;
          // Stop here: what follows (output, a kernel) is the trusted path, tested end to end.
          throw new Error('cell execution created');
        },
      }),
    },
    workspace: {
      get isTrusted() {
        return state.workspace.isTrusted;
      },
      onDidCloseNotebookDocument: () => disposable,
    },
    commands: { registerCommand: () => disposable },
    window: {
      tabGroups: { onDidChangeTabs: () => disposable, all: [] },
      showWarningMessage: async (message: string) => {
        state.warnings.push(message);
        return undefined;
      },
    },
    l10n: { t: (s: string) => s },
  };
  return { api, state };
}

function startController(api: unknown): void {
  const { FupanController } = requireWithVscode<
    typeof import('../../../../extension/src/controller/fupanController.js')
  >(require.resolve('../../../../extension/src/controller/fupanController.ts'), api);
  new FupanController(EXTENSION);
}

const cell = { document: { getText: () => "require('fs').writeFileSync('pwned', '')" } };
const notebook = {
  uri: { scheme: 'file', fsPath: '/ws/untrusted.ipynb', toString: () => '/ws/untrusted.ipynb' },
};

describe('extension workspace trust: no cell runs in an untrusted workspace', () => {
  it('the manifest declares limited support, saying cells are not executed', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8'));
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const key = /^%(.+)%$/.exec(manifest.capabilities.untrustedWorkspaces.description)![1];
    for (const nls of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const text = JSON.parse(readFileSync(join(EXTENSION, nls), 'utf8'))[key] as string;
      assert.ok(text && text.length > 10, `${nls}: ${key}`);
    }
    assert.match(JSON.parse(readFileSync(join(EXTENSION, 'package.nls.json'), 'utf8'))[key], /not executed/);
  });

  it('untrusted: the execute handler creates no cell execution (so starts no kernel) and warns', async () => {
    const { api, state } = fakeVscode(false);
    startController(api);
    await state.executeHandler!([cell, cell], notebook);
    assert.equal(state.executions, 0);
    assert.deepEqual(state.warnings, [
      'Fupan does not run notebook cells in an untrusted workspace. Trust the workspace first.',
    ]);
  });

  it('trust is read at each execution: once the folder is trusted, the cell reaches execution', async () => {
    const { api, state } = fakeVscode(false);
    startController(api);
    await state.executeHandler!([cell], notebook);
    assert.equal(state.executions, 0);
    state.workspace.isTrusted = true;
    await assert.rejects(state.executeHandler!([cell], notebook), /cell execution created/);
    assert.equal(state.executions, 1);
    assert.equal(state.warnings.length, 1);
  });
});
