/**
 * Starts tslab from the runtime the .vsix carries (`dist/node_modules`), for a notebook folder that has no
 * node_modules of its own: `node kernelLauncher.js <runtime node_modules> kernel --config-path <file>`.
 *
 * Two resolutions are pointed at the runtime, and only for what the folder itself lacks (its own packages win):
 * - at run time, Node's: `NODE_PATH` (set by the extension when it spawns this) makes `require('@fupan/kernel-lib')`
 *   from a cell fall back to the runtime;
 * - at compile time, TypeScript's (tslab type-checks every cell, Node10 resolution from the notebook's folder):
 *   a path under `<folder>/node_modules/` that does not exist is read from the runtime instead. The path keeps its
 *   `<folder>/node_modules/…` name (its real path is itself), so declarations emitted for a cell name packages
 *   (`arquero`), not the extension's folder, and a package's own imports resolve as if installed in the folder.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface TsSys {
  fileExists(p: string): boolean;
  directoryExists(p: string): boolean;
  readFile(p: string, encoding?: string): string | undefined;
  realpath?(p: string): string;
  getDirectories(p: string): string[];
}

const [runtime, ...kernelArgs] = process.argv.slice(2);
if (!runtime || !existsSync(path.join(runtime, 'tslab', 'package.json'))) {
  console.error(`fupan kernel launcher: no tslab runtime in ${runtime ?? '(no path given)'}`);
  process.exit(2);
}
const tslabRequire = createRequire(path.join(runtime, 'tslab', 'dist', 'main.js'));
const ts = tslabRequire('@tslab/typescript-for-tslab') as { sys: TsSys };

/** The folder's own `node_modules` (the kernel runs in the notebook's folder). */
const local = path.join(process.cwd(), 'node_modules');
const fromRuntime = (p: string): string | undefined => {
  const normal = path.resolve(p);
  if (normal !== local && !normal.startsWith(local + path.sep)) return undefined;
  return path.join(runtime, path.relative(local, normal));
};
const sys = ts.sys;
const { fileExists, directoryExists, readFile, getDirectories } = sys;
const realpath = sys.realpath?.bind(sys);
const mapped = (p: string, exists: (q: string) => boolean): string => {
  if (exists(p)) return p;
  const other = fromRuntime(p);
  return other !== undefined && exists(other) ? other : p;
};
sys.fileExists = (p) =>
  fileExists.call(
    sys,
    mapped(p, (q) => fileExists.call(sys, q)),
  );
sys.directoryExists = (p) =>
  directoryExists.call(
    sys,
    mapped(p, (q) => directoryExists.call(sys, q)),
  );
sys.readFile = (p, encoding) =>
  readFile.call(
    sys,
    mapped(p, (q) => fileExists.call(sys, q)),
    encoding,
  );
sys.getDirectories = (p) =>
  getDirectories.call(
    sys,
    mapped(p, (q) => directoryExists.call(sys, q)),
  );
if (realpath) {
  const existsLocally = (p: string) => fileExists.call(sys, p) || directoryExists.call(sys, p);
  sys.realpath = (p) => (existsLocally(p) || fromRuntime(p) === undefined ? realpath(p) : p);
}

process.argv = [process.argv[0], path.join(runtime, 'tslab', 'bin', 'tslab'), ...kernelArgs];
(tslabRequire('./main.js') as { main(): void }).main();
