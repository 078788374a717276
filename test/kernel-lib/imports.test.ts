import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The import rules of kernel-lib (docs/architecture.md): no file imports itself through others (a cycle,
 * `import type` included: a type cycle is still two concepts that cannot be read apart), and each room
 * imports only the rooms below it. Read with TypeScript's own import scanner, so a moved file or a new
 * import is checked without a build.
 */

const SRC = resolve(__dirname, '../../kernel-lib/src');
/** The tslab kernel client's source: its import graph is checked for cycles too. */
const CLIENT_SRC = resolve(__dirname, '../../kernel-client/src');

/**
 * What each room of kernel-lib/src may import besides itself. `index.ts` (the public API) may import
 * everything; a room missing here fails the test, so a new room gets its place on purpose.
 */
export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  'errors.ts': [],
  'spec.ts': ['errors.ts'],
  math: ['errors.ts', 'spec.ts'],
  table: ['errors.ts', 'math'],
  time: ['errors.ts', 'spec.ts', 'math', 'table'],
  // compute: never the loaders, the SQL engines or the presentation
  metrics: ['errors.ts', 'spec.ts', 'math', 'table', 'time'],
  io: ['errors.ts', 'spec.ts', 'math', 'table', 'time'],
  // sql applies load()'s row options (where, derived amount) to its sources: it shares io/rows' definitions
  sql: ['errors.ts', 'spec.ts', 'math', 'table', 'time', 'metrics', 'io'],
  present: ['errors.ts', 'spec.ts', 'math', 'table', 'time', 'metrics', 'io'],
  // the browser-safe entry point `@fupan/kernel-lib/render`: presentation only
  'render.ts': ['present'],
};

/**
 * What each folder of kernel-lib/src/metrics may import besides itself and the rooms below metrics: one folder a
 * metric (docs/architecture.md, "One metric's files"), built on the two shared folders `history/` (a user's
 * events and orders, the activity rule) and `orders/` (order ids, units, counting). A metric builds on another
 * only where its definition does (churn is counted per lifecycle stage); a file loose in metrics/ or a folder
 * missing here fails the test.
 */
export const METRIC_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  history: [],
  orders: [],
  channelRoi: [],
  signups: [],
  activeUsers: ['history'],
  campaign: ['history', 'orders', 'lifecycle'],
  churn: ['history', 'lifecycle'],
  // the sBG fit runs on cohort members (sbgCohorts.ts)
  clv: ['cohort'],
  cohort: ['history'],
  funnel: ['orders'],
  lifecycle: ['history'],
  repurchase: ['history', 'orders'],
  retention: ['history'],
  rfm: ['orders'],
  virality: [],
};

/** The folders of metrics/ that are no metric but what metrics build on: they hold no spec of their own. */
export const SHARED_METRIC_FOLDERS: readonly string[] = ['history', 'orders'];

/**
 * Exported functions of metrics/ whose name reads like a drill-down (`…Users`, `…UsersIn`) but that are none:
 * a metric (`activeUsers`) and a table builder (`firstActivityUsers`: the users table of first activity).
 */
export const NOT_DRILL_DOWNS: readonly string[] = ['activeUsers', 'firstActivityUsers'];

/**
 * Where a file set breaks the one layout of a metric (docs/architecture.md, "One metric's files"): every metric
 * folder has `spec.ts` (its spec type, defaults and check) and `<folder>.ts` (its computation; clv, a family of
 * models, has `index.ts`), and a drill-down (an exported `usersIn` or `…Users` / `…UsersIn` function) lives in
 * the folder's `usersIn.ts`.
 * @param files paths relative to kernel-lib/src
 * @param textOf a file's text
 */
export function layoutBreaks(files: readonly string[], textOf: (file: string) => string): string[] {
  const out: string[] = [];
  const folders = new Set(
    files.map(metricOf).filter((m): m is string => m !== undefined && !m.includes(' ')),
  );
  for (const folder of [...folders].sort()) {
    if (SHARED_METRIC_FOLDERS.includes(folder)) continue;
    const has = (name: string) => files.includes(`metrics/${folder}/${name}`);
    if (!has('spec.ts')) out.push(`metrics/${folder}/spec.ts is missing`);
    if (!has(`${folder}.ts`) && !has('index.ts')) out.push(`metrics/${folder}/${folder}.ts is missing`);
  }
  for (const file of files) {
    if (metricOf(file) === undefined || file.endsWith('/usersIn.ts')) continue;
    for (const [, name] of textOf(file).matchAll(
      /^export (?:async )?function (usersIn|\w+Users(?:In)?)\b/gm,
    )) {
      if (!NOT_DRILL_DOWNS.includes(name)) out.push(`${file}: drill-down ${name} belongs in usersIn.ts`);
    }
  }
  return out;
}

/** Tests of present/ named after no single source file: the layout of every figure builder at once. */
export const CROSS_CUTTING_PRESENT_TESTS: readonly string[] = ['figureLayout.test.ts'];

/**
 * Test files that do not mirror the source (docs/architecture.md, "One metric's files"): a metric's tests live in
 * test/kernel-lib/metrics/<metric>/; a test of present/ is named after its source file (`csv.test.ts`) or after
 * the metric whose tables and figures it tests (`funnelPresent.test.ts` for funnelTables.ts and funnelFigures.ts).
 * @param metricTestFolders the folders of test/kernel-lib/metrics
 * @param presentTests the test files of test/kernel-lib/present
 * @param presentSources the files of kernel-lib/src/present
 */
export function unmirroredTests(
  metricTestFolders: readonly string[],
  presentTests: readonly string[],
  presentSources: readonly string[],
): string[] {
  const out: string[] = [];
  for (const folder of metricTestFolders)
    if (METRIC_IMPORTS[folder] === undefined)
      out.push(`test/kernel-lib/metrics/${folder}/: no metrics folder ${folder}`);
  for (const test of presentTests) {
    const name = test.replace(/\.test\.ts$/, '');
    const metric = name.endsWith('Present') ? name.slice(0, -'Present'.length) : undefined;
    const mirrors =
      presentSources.includes(`${name}.ts`) ||
      (metric !== undefined && METRIC_IMPORTS[metric] !== undefined) ||
      CROSS_CUTTING_PRESENT_TESTS.includes(test);
    if (!mirrors) out.push(`test/kernel-lib/present/${test}: named after no present/ file and no metric`);
  }
  return out;
}

/** Every .ts file below `dir`, as paths relative to `root` with forward slashes. */
function sourceFiles(dir: string, root = SRC): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path, root));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(relative(root, path));
  }
  return out.map((p) => p.split('\\').join('/'));
}

/** The kernel-lib files that `file` imports (relative specifiers; `.js` is the `.ts` beside it). */
export function importsOf(file: string, text: string, known: ReadonlySet<string>, root = SRC): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const out: string[] = [];
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const target = relative(root, resolve(root, dirname(file), fileName))
      .split('\\')
      .join('/')
      .replace(/\.js$/, '.ts');
    const candidates = [target, target.endsWith('.ts') ? target : `${target}.ts`, `${target}/index.ts`];
    const hit = candidates.find((c) => known.has(c));
    assert.ok(hit, `${file} imports ${fileName}, which is no file of kernel-lib/src`);
    out.push(hit);
  }
  return out;
}

/** The room of a file: its first folder below src, or the file itself at the top. */
export function roomOf(file: string): string {
  return file.split('/')[0];
}

/** The import cycles of a graph: its strongly connected components of two or more files, or a self-import. */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative: a deep recursion over a long import chain must not overflow.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++];
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || edges.includes(frame.node)) cycles.push(component.sort());
    }
  }
  return cycles;
}

/** The import graph of kernel-lib/src, file → files it imports. */
function kernelLibGraph(): Map<string, string[]> {
  return graphOf(SRC);
}

/** The import graph of the .ts files below `root`, file → files it imports. */
function graphOf(root: string): Map<string, string[]> {
  const files = sourceFiles(root, root);
  const known = new Set(files);
  return new Map(files.map((f) => [f, importsOf(f, readFileSync(join(root, f), 'utf8'), known, root)]));
}

/** The folder of a file in metrics/ (`metrics/funnel/spec.ts` → `funnel`), or undefined for a file elsewhere. */
export function metricOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] !== 'metrics') return undefined;
  return parts.length > 2 ? parts[1] : parts[1].replace(/\.ts$/, '') + ' (a file loose in metrics/)';
}

/** The imports between metrics/ folders that METRIC_IMPORTS does not allow, as `from -> to` lines. */
export function crossMetricImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const metric = metricOf(from);
    if (metric === undefined) continue;
    const allowed = METRIC_IMPORTS[metric];
    if (allowed === undefined) {
      out.push(`${from}: metrics folder ${metric} has no place in METRIC_IMPORTS`);
      continue;
    }
    for (const to of targets) {
      const target = metricOf(to);
      if (target !== undefined && target !== metric && !allowed.includes(target))
        out.push(`${from} -> ${to}`);
    }
  }
  return out;
}

/** The imports that break the room rules, as `from -> to` lines. */
export function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const room = roomOf(from);
    if (room === 'index.ts') continue;
    const allowed = ALLOWED_IMPORTS[room];
    if (allowed === undefined) {
      out.push(`${from}: room ${room} has no place in ALLOWED_IMPORTS`);
      continue;
    }
    for (const to of targets) {
      const target = roomOf(to);
      if (target !== room && !allowed.includes(target)) out.push(`${from} -> ${to}`);
    }
  }
  return out;
}

describe('kernel-lib imports', () => {
  const graph = kernelLibGraph();

  it('reads the whole source tree', () => {
    assert.ok(graph.size > 100, `only ${graph.size} files read`);
    assert.ok((graph.get('index.ts') ?? []).length > 50, 'index.ts imports were not read');
  });

  it('has no import cycle (import type included)', () => {
    const cycles = cyclesOf(graph);
    assert.deepEqual(
      cycles.map((c) => c.join(' <-> ')),
      [],
      'files that import each other: move what both need into a file of its own',
    );
  });

  it('has no import cycle in kernel-client either', () => {
    const client = graphOf(CLIENT_SRC);
    assert.ok(client.size >= 5, `only ${client.size} kernel-client files read`);
    assert.deepEqual(
      cyclesOf(client).map((c) => c.join(' <-> ')),
      [],
    );
  });

  it('has no upward import: each room imports only the rooms below it', () => {
    assert.deepEqual(upwardImports(graph), []);
  });

  it('has one folder per metric, each importing only the metrics folders it builds on', () => {
    assert.deepEqual(crossMetricImports(graph), []);
  });

  it('gives every metric the one layout: spec.ts, <metric>.ts and drill-downs in usersIn.ts', () => {
    const files = [...graph.keys()];
    assert.deepEqual(
      layoutBreaks(files, (f) => readFileSync(join(SRC, f), 'utf8')),
      [],
      'see docs/architecture.md, "One metric\'s files"',
    );
  });

  it('finds a metric without its spec or computation file and a drill-down outside usersIn.ts', () => {
    const texts: Record<string, string> = {
      'metrics/funnel/funnel.ts': 'export function funnelUsers(r) {}\nexport function funnel() {}',
      'metrics/funnel/spec.ts': '',
      'metrics/newMetric/compute.ts': 'export async function newMetricUsersIn() {}',
      'metrics/history/history.ts': 'export function activeUsers() {}',
      'metrics/clv/index.ts': '',
      'metrics/clv/spec.ts': '',
      'metrics/cohort/usersIn.ts': 'export function cohortUsers() {}',
    };
    assert.deepEqual(
      layoutBreaks(Object.keys(texts), (f) => texts[f]),
      [
        'metrics/cohort/spec.ts is missing',
        'metrics/cohort/cohort.ts is missing',
        'metrics/newMetric/spec.ts is missing',
        'metrics/newMetric/newMetric.ts is missing',
        'metrics/funnel/funnel.ts: drill-down funnelUsers belongs in usersIn.ts',
        'metrics/newMetric/compute.ts: drill-down newMetricUsersIn belongs in usersIn.ts',
      ],
    );
  });

  it('has tests that mirror the source: metrics tests by metric folder, present tests by file or metric', () => {
    const tests = resolve(__dirname);
    const metricFolders = readdirSync(join(tests, 'metrics'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const presentTests = readdirSync(join(tests, 'present')).filter((f) => f.endsWith('.test.ts'));
    assert.ok(metricFolders.length > 10 && presentTests.length > 10, 'test folders were not read');
    assert.deepEqual(unmirroredTests(metricFolders, presentTests, readdirSync(join(SRC, 'present'))), []);
  });

  it('finds a test folder of no metric and a present test named after nothing', () => {
    assert.deepEqual(
      unmirroredTests(
        ['funnel', 'acquisition'],
        ['csv.test.ts', 'funnelPresent.test.ts', 'cohortHeatmap.test.ts', 'figureLayout.test.ts'],
        ['csv.ts', 'cohortFigures.ts'],
      ),
      [
        'test/kernel-lib/metrics/acquisition/: no metrics folder acquisition',
        'test/kernel-lib/present/cohortHeatmap.test.ts: named after no present/ file and no metric',
      ],
    );
  });

  it('finds a loose metric file and an import between metrics folders that is not allowed', () => {
    const graph = new Map([
      ['metrics/funnel/funnel.ts', ['metrics/orders/orderUnits.ts', 'metrics/history/userCodes.ts']],
      ['metrics/virality.ts', []],
      ['metrics/newMetric/newMetric.ts', []],
      ['present/funnelTables.ts', ['metrics/funnel/funnel.ts']],
    ]);
    assert.deepEqual(crossMetricImports(graph), [
      'metrics/funnel/funnel.ts -> metrics/history/userCodes.ts',
      'metrics/virality.ts: metrics folder virality (a file loose in metrics/) has no place in METRIC_IMPORTS',
      'metrics/newMetric/newMetric.ts: metrics folder newMetric has no place in METRIC_IMPORTS',
    ]);
  });

  it('finds a cycle and an upward import when there is one', () => {
    const cyclic = new Map([
      ['metrics/a.ts', ['metrics/b.ts']],
      ['metrics/b.ts', ['time/c.ts']],
      ['time/c.ts', ['metrics/a.ts']],
      ['table/d.ts', ['table/d.ts']],
      ['present/e.ts', ['metrics/a.ts']],
    ]);
    assert.deepEqual(cyclesOf(cyclic), [['metrics/a.ts', 'metrics/b.ts', 'time/c.ts'], ['table/d.ts']]);
    assert.deepEqual(upwardImports(cyclic), ['time/c.ts -> metrics/a.ts']);
  });

  it('reads import type, export from and dynamic import', () => {
    const known = new Set(['a/b.ts', 'a/c.ts', 'a/d.ts', 'e.ts']);
    const text = [
      "import type { X } from './c.js';",
      "export { Y } from './d.js';",
      "const z = await import('../e.js');",
      "import ts from 'typescript';",
    ].join('\n');
    assert.deepEqual(importsOf('a/b.ts', text, known).sort(), ['a/c.ts', 'a/d.ts', 'e.ts']);
  });
});
