import Module from 'node:module';
import { join } from 'node:path';

const EXTENSION_SRC = join(__dirname, '../../../extension/src');

/**
 * Loads an extension source file with `import 'vscode'` resolved to `api`: the `vscode` module exists
 * only inside VS Code, so unit tests of extension code give it the few calls that code makes. The file
 * and the extension files it imports are loaded afresh each time, so each test can give its own fake.
 * @param path the source file, absolute (e.g. from `require.resolve`)
 * @param api the fake `vscode` module
 * @returns the file's exports
 * @example const { webviewHtml } = requireWithVscode<typeof import('…/webviewHtml.js')>(path, { Uri });
 */
export function requireWithVscode<T>(path: string, api: unknown): T {
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  const id = 'fake-vscode-for-tests';
  M._resolveFilename = (request, ...rest) => (request === 'vscode' ? id : original(request, ...rest));
  require.cache[id] = { id, filename: id, loaded: true, exports: api } as unknown as NodeJS.Module;
  try {
    for (const loaded of Object.keys(require.cache))
      if (loaded.startsWith(EXTENSION_SRC)) delete require.cache[loaded];
    delete require.cache[path];
    return Module.createRequire(__filename)(path) as T;
  } finally {
    M._resolveFilename = original;
    delete require.cache[id];
  }
}
