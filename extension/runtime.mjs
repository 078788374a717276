// The notebook runtime the .vsix carries, so a folder with no package.json can run a scaffolded notebook offline:
// tslab (the kernel, with its TypeScript), an importable @fupan/kernel-lib (its `dist/`, CommonJS with types) and
// their light dependencies, copied into `dist/node_modules` with the repository's own npm layout (the same relative
// paths, so Node's and TypeScript's resolution find the same versions). The SQL engines (DuckDB, chdb, ClickHouse
// client) are optional peers of kernel-lib and are left out. zeromq's prebuilt addons are kept for one target only.
//
// The extension bundle resolves zeromq from the same tree, and the kernel launcher (src/runtime/kernelLauncher.ts)
// points tslab's module resolution at it when the notebook's folder has no node_modules of its own.
import { cpSync, existsSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** Packages never copied: kernel-lib's optional SQL engines. */
const OPTIONAL_ENGINES = new Set(['@duckdb/node-api', 'chdb', '@clickhouse/client']);

/**
 * What of the TypeScript compiler tslab needs: its API (`lib/typescript.js`) and the standard `lib.*.d.ts`;
 * not the command-line compiler, the language server or the typings installer (24 MB of the 38).
 */
const TYPESCRIPT_FOR_TSLAB = '@tslab/typescript-for-tslab';
const keepTypeScriptFile = (parts) =>
  parts.length === 1 ||
  (parts[0] === 'lib' &&
    (parts.length === 1 ||
      (parts.length === 2 && (parts[1] === 'typescript.js' || /^lib\..*\.d\.ts$/.test(parts[1])))));

/** `vsce --target` → zeromq's `build/<platform>/<arch>` folder. */
function zeromqBuildDir(target) {
  const [platform, arch] = target.replace(/^alpine-/, 'linux-').split('-');
  return `${platform}/${arch}`;
}

/** The folder of `name` as Node resolves it from a package folder (nested first, then upwards). */
function resolvePackageDir(name, fromDir, repoRoot) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === repoRoot || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Copies the runtime into `<extensionDir>/dist/node_modules`.
 * @param {{ repoRoot: string, extensionDir: string, target: string }} options target is a `vsce --target`
 * @returns {{ packages: number, bytes: number }}
 */
export function copyRuntime({ repoRoot, extensionDir, target }) {
  const out = path.join(extensionDir, 'dist', 'node_modules');
  rmSync(out, { recursive: true, force: true });
  const rootModules = path.join(repoRoot, 'node_modules');
  const kernelLib = path.join(repoRoot, 'kernel-lib');
  if (!existsSync(path.join(kernelLib, 'dist', 'index.js'))) {
    throw new Error('kernel-lib/dist is missing: run npm run build -w @fupan/kernel-lib first');
  }
  /** Where a package folder of the repository goes in the runtime tree. */
  const placeOf = (dir) => {
    const real = realpathSync(dir);
    if (real === kernelLib) return path.join(out, '@fupan', 'kernel-lib');
    if (real.startsWith(kernelLib + path.sep)) {
      return path.join(out, '@fupan', 'kernel-lib', path.relative(kernelLib, real));
    }
    const rel = path.relative(rootModules, dir);
    if (rel.startsWith('..')) throw new Error(`runtime package outside node_modules: ${dir}`);
    return path.join(out, rel);
  };
  const zeromqKeep = zeromqBuildDir(target);
  const seen = new Set();
  let bytes = 0;
  const visit = (dir) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    const manifest = JSON.parse(readFileSync(path.join(real, 'package.json'), 'utf8'));
    const isKernelLib = real === kernelLib;
    const isZeromq = manifest.name === 'zeromq';
    const isTypeScript = manifest.name === TYPESCRIPT_FOR_TSLAB;
    cpSync(real, placeOf(dir), {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(real, src);
        if (rel === '') return true;
        const parts = rel.split(path.sep);
        if (parts.includes('node_modules')) return false;
        if (isKernelLib) return parts[0] === 'dist' || rel === 'package.json';
        if (isTypeScript && !keepTypeScriptFile(parts)) return false;
        if (isZeromq) {
          if (['src', 'script', 'vendor'].includes(parts[0])) return false;
          if (parts[0] === 'build' && parts.length >= 3) {
            if (`${parts[1]}/${parts[2]}` !== zeromqKeep) return false;
          } else if (parts[0] === 'build' && parts.length === 2 && parts[1] !== 'manifest.json') {
            if (parts[1] !== zeromqKeep.split('/')[0]) return false;
          }
        }
        if (src.endsWith('.map')) return false;
        const st = statSync(src);
        if (st.isFile()) bytes += st.size;
        return true;
      },
    });
    const deps = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const name of Object.keys(deps)) {
      if (OPTIONAL_ENGINES.has(name)) continue;
      const depDir = resolvePackageDir(name, real.startsWith(rootModules) ? dir : real, repoRoot);
      if (!depDir) {
        if (manifest.optionalDependencies?.[name]) continue; // e.g. fsevents off macOS
        throw new Error(`${manifest.name} needs ${name}, which is not installed`);
      }
      visit(depDir);
    }
  };
  visit(path.join(rootModules, '@fupan', 'kernel-lib'));
  visit(path.join(rootModules, 'tslab'));
  // The kernel client (@fupan/kernel-client, bundled into extension.js) resolves its zeromq from the same tree.
  visit(resolvePackageDir('zeromq', path.join(repoRoot, 'kernel-client'), repoRoot));
  return { packages: seen.size, bytes };
}

/** The `vsce --target` of this machine (e.g. linux-x64). */
export function currentTarget() {
  return `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
}
