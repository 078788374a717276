// Bundles the extension: one Node bundle for the extension host and browser bundles for the webview and the
// notebook renderers. Type-checking is `npm run typecheck` at the root (esbuild only strips types).
//   node esbuild.mjs               development build (source maps)
//   node esbuild.mjs --production  minified, no source maps (what the .vsix ships)
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** kernel-lib is bundled from source, so the extension never needs its build output. */
const kernelLibSource = path.join(here, '..', 'kernel-lib', 'src', 'index.ts');

/**
 * Native database engines of kernel-lib's SQL layer are not shipped in the extension (the preview runs the
 * in-memory engine): they resolve to an empty module.
 */
const sqlEngines = ['@duckdb/node-api', 'chdb', '@clickhouse/client'];
const stubSqlEngines = {
  name: 'stub-sql-engines',
  setup(build) {
    const filter = new RegExp(`^(${sqlEngines.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'sql-engine-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'sql-engine-stub' }, (args) => ({
      contents: `// ${args.path} is not shipped in the Fupan extension.\nmodule.exports = {};`,
      loader: 'js',
    }));
  },
};

/** Logs build results in the format of the esbuild problem matcher. */
const reportProblems = {
  name: 'report-problems',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log(`[watch] build finished (${result.errors.length} errors)`);
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  alias: { '@fupan/kernel-lib': kernelLibSource },
  loader: { '.css': 'text' },
  plugins: [reportProblems],
};

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: { extension: path.join(here, 'src', 'extension.ts') },
    outdir: path.join(here, 'dist'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // zeromq is a native addon used by the tslab kernel client; it is loaded from node_modules at run time.
    external: ['vscode', 'zeromq'],
    plugins: [stubSqlEngines, reportProblems],
  }),
  esbuild.context({
    ...common,
    entryPoints: {
      preview: path.join(here, 'webview', 'preview', 'main.ts'),
    },
    outdir: path.join(here, 'dist'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
  esbuild.context({
    ...common,
    entryPoints: {
      fupanTableRenderer: path.join(here, 'webview', 'renderers', 'fupanTableRenderer.ts'),
      plotlyRenderer: path.join(here, 'webview', 'renderers', 'plotlyRenderer.ts'),
    },
    outdir: path.join(here, 'dist'),
    platform: 'browser',
    // Notebook renderers are loaded as ES modules that export `activate`.
    format: 'esm',
    target: 'es2022',
  }),
]);

/**
 * Notebook templates the scaffold commands write from, copied into `templates/` so the .vsix carries them:
 * `notebooks/templates/*.ipynb`, and article 000's notebook (the campaign review's template until a separate
 * one exists).
 */
function copyTemplates() {
  const target = path.join(here, 'templates');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const notebooks = path.join(here, '..', 'notebooks');
  const templates = path.join(notebooks, 'templates');
  if (existsSync(templates)) {
    for (const f of readdirSync(templates).filter((f) => f.endsWith('.ipynb'))) {
      copyFileSync(path.join(templates, f), path.join(target, f));
    }
  }
  const campaign = path.join(notebooks, '000-campaign-review.ipynb');
  if (existsSync(campaign)) copyFileSync(campaign, path.join(target, '000-campaign-review.ipynb'));
}
copyTemplates();

/**
 * zeromq (the tslab kernel client's native addon, prebuilt for Linux, macOS and Windows) and its loader
 * `cmake-ts` are copied next to the bundle for the .vsix, which is packaged without dependencies: an installed
 * extension then resolves them from `dist/node_modules`. Development builds resolve them from the repository.
 */
function copyRuntimeModules() {
  const target = path.join(here, 'dist', 'node_modules');
  rmSync(target, { recursive: true, force: true });
  if (!production) return;
  const require = createRequire(import.meta.url);
  const zeromq = path.dirname(require.resolve('zeromq/package.json'));
  // cmake-ts has an `exports` map without package.json: find its folder (nested or hoisted) instead.
  const cmakeTs = [path.join(zeromq, 'node_modules', 'cmake-ts'), path.join(zeromq, '..', 'cmake-ts')].find(
    (d) => existsSync(path.join(d, 'package.json')),
  );
  if (!cmakeTs) throw new Error('cmake-ts (zeromq loader) not found next to zeromq');
  for (const [dir, name, parts] of [
    [zeromq, 'zeromq', ['package.json', 'lib', 'build', 'LICENSE.txt']],
    [cmakeTs, 'cmake-ts', ['package.json', 'build']],
  ]) {
    for (const part of parts) {
      if (existsSync(path.join(dir, part))) {
        cpSync(path.join(dir, part), path.join(target, name, part), { recursive: true });
      }
    }
  }
}
copyRuntimeModules();

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) {
    for (const f of failed) console.error(f.reason?.message ?? f.reason);
    process.exit(1);
  }
}
