/**
 * `npm run notebooks -- [notebook …] [--out <dir>] [--html] [--timeout <seconds>]`
 *
 * Executes notebooks headless with the real tslab kernel (Node only, no Python), writes the outputs into the
 * files (or into `--out`), prints one line per notebook with its time, and on failure names the notebook, the
 * cell and the error and exits 1 (the other notebooks still run). A failed notebook is written with the outputs
 * of the cells before the failing one and the error in that cell's output (nbclient's `allow_errors` off). `--html` also writes an HTML page per
 * executed notebook to `notebooks/html/` (or `--out`).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { notebookToHtml } from './html-export.js';
import { readNotebook, writeFileAtomic, writeNotebook } from './notebook-file.js';
import { runNotebook, type NotebookRun } from './run-notebook.js';

const NOTEBOOKS_DIR = resolve(__dirname, '..');
const USAGE =
  'usage: npm run notebooks -- [notebook.ipynb …] [--out <dir>] [--html] [--timeout <seconds per cell>]';

interface CliOptions {
  paths: string[];
  out?: string;
  html: boolean;
  timeoutMs: number;
}

function parse(argv: string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      html: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const seconds = Number(values.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`invalid --timeout: "${values.timeout}" (expected seconds > 0)`);
  const paths = positionals.length ? positionals.map(locate) : allNotebooks();
  if (!paths.length) throw new Error(`no notebooks in ${NOTEBOOKS_DIR}`);
  return {
    paths,
    out: values.out === undefined ? undefined : resolve(values.out),
    html: values.html,
    timeoutMs: seconds * 1000,
  };
}

/** A notebook named on the command line: a path, or a name inside notebooks/ (with or without `.ipynb`). */
function locate(name: string): string {
  const candidates = [resolve(name), join(NOTEBOOKS_DIR, name), join(NOTEBOOKS_DIR, `${name}.ipynb`)];
  const found = candidates.find((c) => c.endsWith('.ipynb') && existsSync(c));
  if (!found)
    throw new Error(
      `notebook not found: "${name}" (looked for ${candidates.map((c) => relative('.', c)).join(', ')})`,
    );
  return found;
}

function allNotebooks(): string[] {
  return readdirSync(NOTEBOOKS_DIR)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => join(NOTEBOOKS_DIR, f));
}

function report(path: string, run: NotebookRun): void {
  const name = relative('.', path);
  const time = `${(run.durationMs / 1000).toFixed(1)} s`;
  if (!run.failure) return console.log(`ok    ${name}  (${time})`);
  const { cellIndex, firstLine, status, error } = run.failure;
  const where =
    cellIndex < 0
      ? 'kernel did not start'
      : `cell ${cellIndex + 1} of ${run.notebook.cells.length} (${status}): ${firstLine}`;
  console.log(`FAIL  ${name}  (${time})\n      ${where}\n${indent(error, '      | ')}`);
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parse(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  let failed = 0;
  for (const path of options.paths) {
    let run: NotebookRun;
    try {
      run = await runNotebook(readNotebook(path), {
        cwd: resolve(path, '..'),
        cellTimeoutMs: options.timeoutMs,
      });
    } catch (e) {
      console.log(`FAIL  ${relative('.', path)}\n${indent((e as Error).message, '      | ')}`);
      failed += 1;
      continue;
    }
    report(path, run);
    // A failed notebook is written too, as nbclient leaves it: outputs up to the failing cell, its error there.
    if (run.failure) failed += 1;
    if (run.failure?.cellIndex === -1) continue;
    const target = options.out ? join(options.out, basename(path)) : path;
    mkdirSync(resolve(target, '..'), { recursive: true });
    writeNotebook(target, run.notebook);
    if (options.html) {
      const htmlDir = options.out ?? join(NOTEBOOKS_DIR, 'html');
      mkdirSync(htmlDir, { recursive: true });
      writeFileAtomic(join(htmlDir, basename(path, '.ipynb') + '.html'), notebookToHtml(run.notebook));
    }
  }
  if (failed) console.log(`${failed} of ${options.paths.length} notebooks failed`);
  return failed ? 1 : 0;
}

// Ctrl-C or a kill: exit at once; the kernel client's exit hook kills every kernel's process group.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
