import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { kernelRuntime } from '../../extension/src/controller/kernelRuntime.js';
import { setParameters } from '../../extension/src/scaffold/parameterCell.js';
import { joinText, type NbCell, type Notebook } from '../../notebooks/runner/nbformat.js';
import { readNotebook } from '../../notebooks/runner/notebook-file.js';
import { runNotebook, type NotebookRun } from '../../notebooks/runner/run-notebook.js';
import { staleTemplates } from '../../notebooks/runner/templates.js';
import { winbackCoupons } from './winbackCoupons.js';
import type { LoadOptions } from '../../kernel-lib/src/io/options.js';

/**
 * The templates as a user runs them (issue 17): each is copied into an empty mkdtemp folder outside the
 * repository holding only the user's CSV — a slice of the UCI Online Retail file, and a Chinese-header export
 * generated here — its parameter cell is set the way the extension's scaffold sets it, and it runs to the end on
 * the kernel an installed extension gives a folder with no package.json (the runtime the .vsix carries, copied by
 * extension/runtime.mjs, started by the kernel launcher). Needs kernel-lib's dist (`npm test` builds it first).
 */
const repoRoot = path.join(__dirname, '../..');
const templates = path.join(repoRoot, 'notebooks', 'templates');

/** One customer in 20 of Online Retail (all their lines, so invoices stay whole), the whole year. */
function onlineRetailSlice(): { csv: string; customers: number; lastDay: string } {
  const lines = gunzipSync(readFileSync(path.join(repoRoot, 'datasets/online-retail/online_retail.csv.gz')))
    .toString('utf8')
    .split('\n');
  const keep = [lines[0]];
  const customers = new Set<string>();
  let lastDay = '';
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    if (f.length < 8) continue;
    const id = f[f.length - 2];
    if (id === '' || Number(id) % 20 !== 0) continue;
    keep.push(line);
    // What the load options below keep: no cancellation, positive quantity and price.
    const [invoice, , , quantity, date, price] = [
      f[0],
      f[1],
      '',
      f[f.length - 5],
      f[f.length - 4],
      f[f.length - 3],
    ];
    if (invoice.startsWith('C') || !(Number(quantity) > 0) || !(Number(price) > 0)) continue;
    customers.add(id);
    if (date.slice(0, 10) > lastDay) lastDay = date.slice(0, 10);
  }
  return { csv: keep.join('\n') + '\n', customers: customers.size, lastDay };
}

/** 1,000 orders of 150 users over 2024, headers as a Chinese shop exports them. */
function chineseExport(): { csv: string; customers: number; lastDay: string } {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows = ['用户ID,下单时间,实付金额,订单号'];
  const users = new Set<string>();
  let lastDay = '';
  for (let i = 0; i < 1000; i++) {
    const user = `U${String(1 + Math.floor(next() * 150)).padStart(4, '0')}`;
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 300) * 86_400_000);
    const ts = `${day.toISOString().slice(0, 10)} ${String(8 + Math.floor(next() * 12)).padStart(2, '0')}:15:00`;
    rows.push(`${user},${ts},${(5 + next() * 500).toFixed(2)},D${100000 + i}`);
    users.add(user);
    if (ts.slice(0, 10) > lastDay) lastDay = ts.slice(0, 10);
  }
  return { csv: rows.join('\n') + '\n', customers: users.size, lastDay };
}

/** A user's file: its name, the column mapping and load options the scaffold writes, its zone. */
interface UserFile {
  file: string;
  columns: Record<string, string>;
  load: Record<string, unknown>;
  timeZone: string;
}

const RETAIL: UserFile = {
  file: 'Online Retail.csv',
  columns: { orderId: 'InvoiceNo', userId: 'CustomerID', ts: 'InvoiceDate', productId: 'StockCode' },
  load: {
    amount: { product: ['Quantity', 'UnitPrice'] },
    where: [
      { column: 'InvoiceNo', startsWith: 'C', keep: false, label: 'cancellations' },
      { column: 'UnitPrice', '>': 0 },
      { column: 'Quantity', '>': 0 },
    ],
    missingUsers: 'drop',
  },
  timeZone: 'Europe/London',
};
const CHINESE: UserFile = {
  file: '订单导出.csv',
  columns: { userId: '用户ID', ts: '下单时间', amount: '实付金额', orderId: '订单号' },
  load: {},
  timeZone: 'Asia/Shanghai',
};

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function stdout(run: NotebookRun): string {
  return run.notebook.cells
    .flatMap((c: NbCell) => (c.cell_type === 'code' ? c.outputs : []))
    .filter((o) => o.output_type === 'stream' && o.name === 'stdout')
    .map((o) => joinText((o as { text: string | string[] }).text))
    .join('');
}

function errors(run: NotebookRun): string[] {
  return run.notebook.cells.flatMap((c: NbCell) =>
    c.cell_type === 'code'
      ? c.outputs
          .filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
          .map((o) => JSON.stringify(o))
      : [],
  );
}

describe('templates: generated from one source, run on a user’s own file from an empty folder', function () {
  this.timeout(240_000);
  let extensionDir: string;
  const folders: string[] = [];
  const retail = onlineRetailSlice();
  const chinese = chineseExport();

  before(async () => {
    extensionDir = mkdtempSync(path.join(tmpdir(), 'fupan-ext-'));
    // @ts-expect-error runtime.mjs is the packaging script's plain ES module (no declarations)
    const { copyRuntime, currentTarget } = await import('../../extension/runtime.mjs');
    copyRuntime({ repoRoot, extensionDir, target: currentTarget() });
    await build({
      entryPoints: [path.join(repoRoot, 'extension', 'src', 'runtime', 'kernelLauncher.ts')],
      outfile: path.join(extensionDir, 'dist', 'kernelLauncher.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
    });
  });
  after(() => {
    rmSync(extensionDir, { recursive: true, force: true });
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });

  /** Copies a template and the user's file into a fresh folder, sets its parameters, runs it. */
  async function runTemplate(
    name: string,
    data: { csv: string },
    source: UserFile,
    extra: Record<string, unknown> = {},
    files: Record<string, string> = {},
  ): Promise<NotebookRun> {
    const folder = mkdtempSync(path.join(tmpdir(), 'fupan-user-'));
    folders.push(folder);
    assert.ok(!folder.startsWith(repoRoot));
    writeFileSync(path.join(folder, source.file), data.csv);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
    copyFileSync(path.join(templates, `${name}.ipynb`), path.join(folder, `${name}.ipynb`));
    const nb: Notebook = readNotebook(path.join(folder, `${name}.ipynb`));
    const cell = nb.cells.find((c) => c.cell_type === 'code')!;
    assert.deepEqual(
      cell.metadata.tags,
      ['parameters'],
      `${name}: the first code cell is the parameter cell`,
    );
    const filled = setParameters(joinText(cell.source), {
      DATA: { orders: source.file },
      COLUMNS: { orders: source.columns },
      LOAD_OPTIONS: { orders: source.load },
      TIME_ZONE: source.timeZone,
      ...extra,
    });
    assert.deepEqual(filled.missing, [], `${name}: every parameter is in the parameter cell`);
    cell.source = filled.source;
    const runtime = kernelRuntime(folder, extensionDir);
    assert.equal(
      runtime.source,
      'extension',
      'the folder has no node_modules: the extension runtime runs it',
    );
    const { cwd: _cwd, ...kernel } = runtime.options;
    return runNotebook(nb, { cwd: folder, kernel, cellTimeoutMs: 120_000 });
  }

  it('every committed template is what the generator writes from notebooks/templates/src', () => {
    assert.deepEqual(staleTemplates(), []);
  });

  for (const [label, source, data] of [
    ['Online Retail', RETAIL, retail],
    ['a Chinese-header export', CHINESE, chinese],
  ] as const) {
    it(`rfm on ${label}: segment counts sum to the customers; the default as-of follows the data`, async () => {
      const run = await runTemplate('rfm', data, source);
      assert.equal(run.failure, undefined, JSON.stringify(run.failure));
      assert.deepEqual(errors(run), []);
      const out = stdout(run);
      assert.match(
        out,
        new RegExp(`as-of ${dayAfter(data.lastDay)} \\(default: the day after the last purchase`),
      );
      assert.match(out, new RegExp(`segment counts sum to ${data.customers} of ${data.customers} customers`));
    });

    it(`retention and cohorts on ${label} alone: clocks start at first activity; as-of = the last day`, async () => {
      const run = await runTemplate('retention-cohort', data, source);
      assert.equal(run.failure, undefined, JSON.stringify(run.failure));
      assert.deepEqual(errors(run), []);
      const out = stdout(run);
      assert.match(out, /no users file: each user's clock starts at their first order/);
      assert.match(out, new RegExp(`as-of ${data.lastDay} \\(default: the last day with activity`));
      assert.match(out, new RegExp(`cohorts as of ${data.lastDay} \\(lastEvent\\)`));
    });

    it(`clv on ${label} alone: observed to the data's last day, calibration ends the holdout before it`, async () => {
      const run = await runTemplate('clv', data, source);
      assert.equal(run.failure, undefined, JSON.stringify(run.failure));
      assert.deepEqual(errors(run), []);
      const out = stdout(run);
      const calibrationEnd = new Date(Date.parse(`${data.lastDay}T00:00:00Z`) - 90 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      assert.match(
        out,
        new RegExp(
          `observed up to ${data.lastDay} \\(default: the last day with an order\\); calibration up to ${calibrationEnd}`,
        ),
      );
      const m = /(\d+) customers, (\d+) with a CLV; CLV over 12 months sums to [\d,]+\n/.exec(out);
      assert.ok(m, out);
      assert.ok(Number(m[1]) > 0 && Number(m[1]) <= data.customers, out);
    });

    it(`churn warning on ${label} alone: churn as of the last day, rules backtested one horizon before`, async () => {
      const run = await runTemplate('churn-warning', data, source);
      assert.equal(run.failure, undefined, JSON.stringify(run.failure));
      assert.deepEqual(errors(run), []);
      const out = stdout(run);
      const backtestDay = new Date(Date.parse(`${data.lastDay}T00:00:00Z`) - 90 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      assert.match(out, new RegExp(`as-of ${data.lastDay} \\(default: the last day with a row`));
      assert.match(out, /users: no users file, each user exists from their first order/);
      assert.match(out, /skipped: churn by channel, because there is no users file/);
      assert.match(
        out,
        new RegExp(`backtest as of ${backtestDay} \\(default: 90 days before the as-of day\\)`),
      );
      const m = new RegExp(`as of ${data.lastDay}: (\\d+) of (\\d+) users churned`).exec(out);
      assert.ok(m, out);
      assert.equal(Number(m[2]), data.customers);
      assert.ok(Number(m[1]) > 0 && Number(m[1]) < data.customers, out);
    });

    it(`lifecycle on ${label} alone: every user in one stage, rules stated`, async () => {
      const run = await runTemplate('lifecycle', data, source);
      assert.equal(run.failure, undefined, JSON.stringify(run.failure));
      assert.deepEqual(errors(run), []);
      const out = stdout(run);
      assert.match(out, new RegExp(`as-of ${data.lastDay} \\(default: the last day with a row`));
      assert.match(out, /users: no users file, each user exists from their first order/);
      assert.match(out, /no dormancy signal can fire/);
      const m = /(\d+) users as of \S+: .*Introduction 0, .*\(sum (\d+)\)/.exec(out);
      assert.ok(m, out);
      assert.equal(Number(m[1]), data.customers);
      assert.equal(Number(m[2]), data.customers);
    });
  }

  for (const [label, source, data, grantedAt] of [
    ['Online Retail', RETAIL, retail, '2011-11-01T00:00:00Z'],
    ['a Chinese-header export', CHINESE, chinese, '2024-09-01T00:00:00+08:00'],
  ] as const) {
    it(`campaign review on ${label} + a coupons file, every optional input absent: runs to the end`, async () => {
      const coupons = await winbackCoupons(
        data.csv,
        { ...source.load, columns: source.columns, timeZone: source.timeZone } as LoadOptions,
        { grantedAt, days: 7, lookbackDays: 31, threshold: 50, reward: 5 },
      );
      assert.ok(coupons.granted > 20 && coupons.redeemed > 0, JSON.stringify(coupons));
      // As the scaffold writes it when the user skips every optional input.
      const run = await runTemplate(
        'campaign-review',
        data,
        source,
        {
          DATA: {
            orders: source.file,
            coupons: 'coupons.csv',
            targets: null,
            users: null,
            events: null,
            payouts: null,
          },
          COLUMNS: { orders: source.columns, coupons: {} },
          LOAD_OPTIONS: { orders: source.load, coupons: {} },
        },
        { 'coupons.csv': coupons.csv },
      );
      assert.equal(run.failure, undefined, JSON.stringify(run.failure));
      assert.deepEqual(errors(run), []);
      const out = stdout(run);
      for (const input of ['targets', 'users', 'events', 'payouts'])
        assert.match(out, new RegExp(`optional input absent · ${input}: `));
      assert.match(
        out,
        new RegExp(`campaign start ${grantedAt.slice(0, 10)} \\(default: the day the first coupon`),
      );
      assert.match(
        out,
        new RegExp(
          `tiers of spentBefore: 4 tiers cut at the 4-quantiles of the ${coupons.granted} targeted users`,
        ),
      );
      assert.match(out, /skipped: product terms, because the orders have no term_days column/);
      assert.match(out, /skipped: coupon vs hold-out, because the data has no hold-out group/);
      assert.match(out, /skipped: the what-if, because NEXT_PLAN in the parameter cell is empty/);
      // Every coupon is used on an order in the window: used = redeemed, recalled = users who redeemed one.
      assert.match(
        out,
        new RegExp(
          `${coupons.redeemed} of ${coupons.granted} coupons used; ${coupons.redeemed} of ${coupons.granted} users recalled`,
        ),
      );
      // Neutral as shipped: no article zone, currency, figure or sample path.
      const shipped = readFileSync(path.join(templates, 'campaign-review.ipynb'), 'utf8');
      assert.doesNotMatch(shipped, /Asia\/Shanghai|yuan|2488|3195|datasets\//);
    });
  }

  it('a wrong column mapping fails in the first cell after the parameters, listing the file’s headers', async () => {
    const run = await runTemplate('rfm', chinese, {
      ...CHINESE,
      columns: { ...CHINESE.columns, userId: '客户ID' },
    });
    const cells = run.notebook.cells;
    const firstAfterParameters = cells.findIndex(
      (c, i) => c.cell_type === 'code' && i > cells.findIndex((p) => p.cell_type === 'code'),
    );
    assert.equal(run.failure?.cellIndex, firstAfterParameters);
    assert.match(run.failure?.error ?? '', /column "客户ID" \(mapped to userId\) not found/);
    assert.match(run.failure?.error ?? '', /"用户ID", "下单时间", "实付金额", "订单号"/);
  });
});
