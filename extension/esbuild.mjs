// Bundles the extension: one Node bundle for the extension host and browser bundles for the webview and the
// notebook renderers. Type-checking is `npm run typecheck` at the root (esbuild only strips types).
//   node esbuild.mjs               development build (source maps)
//   node esbuild.mjs --production  minified, no source maps (what the .vsix ships)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --production --target linux-x64   the runtime's native addons for that vsce target only
//                                                       (default: this machine's)
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { copyRuntime, currentTarget } from './runtime.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const targetArg = process.argv.indexOf('--target');
const target = targetArg >= 0 ? process.argv[targetArg + 1] : currentTarget();

/**
 * kernel-lib is bundled from source, so the extension never needs its build output: `@fupan/kernel-lib` is
 * src/index.ts and `@fupan/kernel-lib/render` (the webviews' subpath export) is src/render.ts.
 */
const kernelLibSource = path.join(here, '..', 'kernel-lib', 'src');

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
    entryPoints: {
      extension: path.join(here, 'src', 'extension.ts'),
      kernelLauncher: path.join(here, 'src', 'runtime', 'kernelLauncher.ts'),
    },
    outdir: path.join(here, 'dist'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // zeromq is a native addon used by the tslab kernel client; it is loaded from node_modules at run time
    // (in the .vsix: dist/node_modules, the notebook runtime).
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
 * The .vsix is packaged without dependencies: production builds copy the notebook runtime (tslab, kernel-lib's
 * dist and their light dependencies, zeromq for one target) into `dist/node_modules` (see runtime.mjs), where the
 * bundle resolves zeromq and the kernel launcher finds tslab. Development builds resolve both from the repository.
 */
rmSync(path.join(here, 'dist', 'node_modules'), { recursive: true, force: true });
if (production) {
  const { packages, bytes } = copyRuntime({ repoRoot: path.join(here, '..'), extensionDir: here, target });
  console.log(`notebook runtime for ${target}: ${packages} packages, ${(bytes / 1e6).toFixed(1)} MB`);
}

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
