/**
 * Runs the article notebooks once (headless, real tslab kernel, `npm run notebooks -- --out <tmp> --html`) and
 * checks every article figure they computed against ANALYSES.md's tolerances: counts exact, rates within
 * 0.5 percentage points, amounts within 1 %, shares within 2 points. The values are read from each executed
 * notebook's JSON output, not recomputed here.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNotebook } from '../../notebooks/runner/notebook-file.js';
import type { Notebook } from '../../notebooks/runner/nbformat.js';
import { runCli, type CliResult } from './runner/cli-run.js';

/** How close a computed figure must be to the article's (ANALYSES.md, "Tolerances"). */
type Check =
  | { count: number }
  | { rate: number }
  | { amount: number }
  | { share: number }
  | { atLeast: number }
  | { between: [number, number] }
  | { equals: string };

/** The article figures each notebook recreates: key in the notebook's `figures` JSON → article value. */
const ARTICLE_FIGURES: Record<string, Record<string, Check>> = {
  '000-campaign-review': {
    usersTargeted: { count: 2488 },
    couponsGranted: { count: 3195 },
    couponsUsed: { count: 439 },
    couponUsageRate: { rate: 0.137 },
    usersRecalled: { count: 383 },
    recallRate: { rate: 0.154 },
    reinvestAmount: { amount: 4_684_600 },
    reinvestPerRecalledUser: { amount: 12_231 },
    term30Users: { count: 381 },
    term60Users: { count: 2 },
    'usageRateByCoupon.满100000返500': { rate: 0 },
  },
  '001-churn-warning': {
    newcomerShareOfChurned: { share: 0.48 },
    wealthSupermarketChurnRate: { share: 0.95 },
    worstNewcomerChannel: { equals: 'distribution' },
    worstGrowthChannel: { equals: 'invite' },
    worstMaturityChannel: { equals: 'invite' },
    distributionChurnersAtMostTwoInvestments: { atLeast: 0.9 },
    distributionChurnersSmallNoRateBoost: { share: 0.8 },
    // The article's "98 % accurate" names no measure. Its one rule (> 15 days without login, balance < 100) is
    // scored alone: read as precision the claim holds on this data; accuracy (articleRuleAccuracy, ~91 %) is
    // reported, not matched, with the sweep's best setting beside it.
    articleRulePrecision: { atLeast: 0.98 },
  },
  '002-user-analysis': {
    // The retention benchmark is a quoted reference, not a measured result: checked as a share (±2 points).
    visitRetentionDay1: { share: 0.4 },
    visitRetentionDay7: { share: 0.2 },
    visitRetentionDay30: { share: 0.1 },
    repurchaseRate90: { between: [0.15, 0.3] },
    businessMode: { equals: 'hybrid' },
  },
  '003-lifecycle': {
    repeatLift: { atLeast: 0.3 },
    loyalRetention: { atLeast: 0.6 },
  },
  'online-retail': {
    // Real data: no article figures; the line count is the data set's own (its README).
    lines: { count: 541_909 },
    businessMode: { equals: 'loyalty' },
  },
};

/**
 * No template ships pointing at the sample data any more: every template (rfm, retention-cohort, lifecycle,
 * campaign-review, churn-warning, clv) points at a user's file and runs on one in templates.test.ts, from an
 * empty folder outside the repository.
 */
const TEMPLATES: string[] = [];

function figuresOf(nb: Notebook): Record<string, unknown> | undefined {
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    for (const o of cell.outputs) {
      const json =
        'data' in o ? (o.data['application/json'] as { figures?: Record<string, unknown> }) : undefined;
      if (json?.figures) return json.figures;
    }
  }
  return undefined;
}

function lookup(figures: Record<string, unknown>, path: string): unknown {
  const [head, ...rest] = path.split('.');
  const value = figures[head];
  return rest.length ? (value as Record<string, unknown> | undefined)?.[rest.join('.')] : value;
}

function assertWithin(name: string, computed: unknown, check: Check): void {
  if ('equals' in check) return assert.equal(computed, check.equals, name);
  assert.equal(typeof computed, 'number', `${name}: no computed value in the notebook's figures`);
  const c = computed as number;
  if ('count' in check) assert.equal(c, check.count, `${name}: count ${c}, article ${check.count}`);
  else if ('rate' in check)
    assert.ok(Math.abs(c - check.rate) <= 0.005, `${name}: rate ${c}, article ${check.rate} (±0.5 pp)`);
  else if ('share' in check)
    assert.ok(Math.abs(c - check.share) <= 0.02, `${name}: share ${c}, article ${check.share} (±2 pp)`);
  else if ('amount' in check) {
    assert.ok(
      Math.abs(c - check.amount) <= 0.01 * check.amount,
      `${name}: amount ${c}, article ${check.amount} (±1 %)`,
    );
  } else if ('between' in check) {
    assert.ok(
      c >= check.between[0] && c <= check.between[1],
      `${name}: ${c}, article between ${check.between}`,
    );
  } else assert.ok(c >= check.atLeast, `${name}: ${c}, article more than ${check.atLeast}`);
}

describe('article notebooks and templates (executed headless once)', function () {
  this.timeout(900_000);
  let out: string;
  let run: CliResult;
  const notebooks = Object.keys(ARTICLE_FIGURES);

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'fupan-articles-'));
    run = await runCli([...notebooks, ...TEMPLATES, '--out', out, '--html']);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('every article notebook and every template runs to the end', () => {
    assert.equal(run.code, 0, run.stdout + run.stderr);
    for (const name of [...notebooks, ...TEMPLATES]) {
      assert.match(run.stdout, new RegExp(`^ok {4}notebooks/${name}\\.ipynb`, 'm'));
    }
  });

  for (const name of notebooks) {
    it(`${name}: every article figure is within tolerance`, () => {
      const path = join(out, `${name}.ipynb`);
      assert.ok(existsSync(path), `${name} did not execute:\n${run.stdout}`);
      const figures = figuresOf(readNotebook(path));
      assert.ok(figures, `${name} has no JSON output with its figures`);
      for (const [key, check] of Object.entries(ARTICLE_FIGURES[name]))
        assertWithin(`${name} ${key}`, lookup(figures, key), check);
    });
  }
});
