import { existsSync } from 'node:fs';
import path from 'node:path';
import type { KernelStartOptions } from '@fupan/kernel-client';
import { findTslab } from '@fupan/kernel-client/findTslab';

/** Where a notebook's kernel comes from: the folder's own `npm install`, or the runtime the .vsix carries. */
export type KernelRuntimeSource = 'workspace' | 'extension';

/** How to start the kernel of a notebook folder. */
export interface KernelRuntime {
  source: KernelRuntimeSource;
  options: KernelStartOptions;
}

/**
 * Chooses the kernel runtime of a notebook folder (内核运行时). A folder (or a parent) with its own
 * `node_modules/.bin/tslab` runs that, with its own `@fupan/kernel-lib`: a project pins its versions. Any other
 * folder — an export in Downloads, no package.json — runs the runtime the .vsix carries in `dist/node_modules`
 * (tslab and an importable kernel-lib), started by `dist/kernelLauncher.js` with the extension host's own Node
 * (`ELECTRON_RUN_AS_NODE` makes VS Code's executable a Node), so no Node, npm or network is needed.
 * @param folder the notebook's folder (the kernel's working folder)
 * @param extensionPath the installed extension's folder
 * @param execPath the Node (or Electron) executable to run the launcher with
 * @throws Error when neither exists (a development build without `npm ci`)
 */
export function kernelRuntime(
  folder: string,
  extensionPath: string,
  execPath = process.execPath,
): KernelRuntime {
  if (findTslab(folder)) return { source: 'workspace', options: { cwd: folder } };
  const modules = path.join(extensionPath, 'dist', 'node_modules');
  const launcher = path.join(extensionPath, 'dist', 'kernelLauncher.js');
  if (!existsSync(path.join(modules, 'tslab', 'package.json')) || !existsSync(launcher)) {
    throw new Error(
      `no tslab kernel for ${folder}: the folder has no node_modules/.bin/tslab and the extension carries no ` +
        `runtime in ${modules} (a development build: run npm run package -w fupan-vscode)`,
    );
  }
  const nodePath = [modules, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
  return {
    source: 'extension',
    options: {
      cwd: folder,
      tslabCommand: [execPath, launcher, modules],
      env: { NODE_PATH: nodePath, ELECTRON_RUN_AS_NODE: '1' },
    },
  };
}
