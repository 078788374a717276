import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import fc from 'fast-check';
import { loadOnlineRetail } from '../../datasets/src/online-retail.js';
import { load } from '../../kernel-lib/src/io/load.js';
import { channelRoi } from '../../kernel-lib/src/metrics/channelRoi/channelRoi.js';
import { activeUsers } from '../../kernel-lib/src/metrics/activeUsers/activeUsers.js';
import { churn } from '../../kernel-lib/src/metrics/churn/churn.js';
import { cohortMatrix } from '../../kernel-lib/src/metrics/cohort/cohort.js';
import { funnel } from '../../kernel-lib/src/metrics/funnel/funnel.js';
import type { UserData } from '../../kernel-lib/src/metrics/history/history.js';
import { lifecycle } from '../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { repurchase } from '../../kernel-lib/src/metrics/repurchase/repurchase.js';
import { retention } from '../../kernel-lib/src/metrics/retention/retention.js';
import { rfm } from '../../kernel-lib/src/metrics/rfm/rfm.js';
import { toMicros } from '../../kernel-lib/src/math/money.js';
import { kFactor } from '../../kernel-lib/src/metrics/virality/virality.js';
import { platform } from '../kernel-lib/metrics/lifecycle/platformArb.js';

/**
 * Invariants on tables from `load()` (typed columns, dictionary codes in order of appearance):
 * metrics do not depend on row order (a random permutation, so codes differ too; lifecycle, churn and
 * the K-factor on every input table reordered), splitting users in
 * two halves adds up where the metric is a count per user, RFM values per user do not depend on
 * other users, and money sums exactly (bit-equal under any row order; Online Retail to the penny
 * against an integer-pence sum).
 * fast-check's seed is fixed in test/support/setup.ts.
 */

interface Row {
  user_id: string;
  ts: string;
  event: string;
  amount: number;
}

const AS_OF = '2024-03-10';
// Distinct timestamps (a row's index in seconds): ties between a user's events have no defined order.
const rowsArb = fc
  .array(
    fc.record({
      user: fc.integer({ min: 0, max: 15 }),
      day: fc.integer({ min: 0, max: 60 }),
      hour: fc.integer({ min: 0, max: 23 }),
      event: fc.constantFrom('visit', 'cart', 'purchase'),
      cents: fc.integer({ min: 1, max: 500_000 }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((rows) =>
    rows.map((r, i): Row => ({
      user_id: `u${r.user}`,
      ts: new Date(Date.UTC(2024, 0, 1 + r.day, r.hour, 0, i)).toISOString(),
      event: r.event,
      amount: r.cents / 100,
    })),
  );
/** Rows with a permutation drawn alongside, so fast-check can shrink both. */
const shuffledArb = rowsArb.chain((rows) =>
  fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: rows.length, maxLength: rows.length })
    .map((keys) => ({
      rows,
      shuffled: rows
        .map((r, i) => ({ r, k: keys[i] }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.r),
    })),
);

type Obj = Record<string, unknown>;
/**
 * Money is summed in whole millionths (math/money.ts), so row order changes no bit: results
 * are compared exactly, money included (301.78 + 0.04 + … and 301.78 + … + 0.04 give the same total).
 */
const objects = (t: ColumnTable): Obj[] => t.objects() as Obj[];
const byUser = (rows: Obj[]) => [...rows].sort((a, b) => String(a.user_id).localeCompare(String(b.user_id)));
const byInviter = (rows: Obj[]) =>
  [...rows].sort((a, b) => String(a.inviter_id).localeCompare(String(b.inviter_id)));
const orders = (rows: Row[]) =>
  load(
    rows.map(({ user_id, ts, amount }) => ({ user_id, ts, amount })),
    { table: 'orders' },
  );
const events = (rows: Row[]) =>
  load(
    rows.map(({ user_id, ts, event }) => ({ user_id, ts, event })),
    { table: 'events' },
  );

/** Sign-ups of the users in `rows`, in three channels, and monthly costs of two of them. */
const usersOf = (rows: Row[]) =>
  aq.from(
    [...new Set(rows.map((r) => r.user_id))].map((user_id) => ({
      user_id,
      registered_at: '2024-01-01T00:00:00Z',
      channel: ['baidu', 'wechat', 'organic'][Number(user_id.slice(1)) % 3],
    })),
  );
const COSTS = aq.from([
  { channel: 'baidu', period: '2024-01', cost: 1000.1 },
  { channel: 'baidu', period: '2024-02', cost: 999.9 },
  { channel: 'wechat', period: '2024-01', cost: 400 },
]);

/** The rows of `t` in the order of sort keys drawn for them (cycled; the row index breaks ties). */
function reorder(t: ColumnTable, keys: readonly number[]): ColumnTable {
  const order = Array.from({ length: t.numRows() }, (_, i) => i).sort(
    (a, b) => keys[a % keys.length] - keys[b % keys.length] || a - b,
  );
  return aq.table(Object.fromEntries(t.columnNames().map((c) => [c, order.map((i) => t.get(c, i))])));
}
const keysArb = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 40 });

/** Invitations of up to 12 inviters, some converted, over 60 days. */
const invitesArb = fc
  .array(
    fc.record({
      inviter: fc.integer({ min: 0, max: 11 }),
      sent: fc.integer({ min: 0, max: 59 }),
      converted: fc.option(fc.integer({ min: 0, max: 20 })),
    }),
    { minLength: 1, maxLength: 80 },
  )
  .map((list) =>
    aq.from(
      list.map((x, i) => ({
        inviter_id: `u${x.inviter}`,
        invitee_id: `n${i}`,
        sent_at: new Date(Date.UTC(2024, 0, 1 + x.sent, 9)).toISOString(),
        converted_at:
          x.converted === null
            ? null
            : new Date(Date.UTC(2024, 0, 1 + x.sent + x.converted, 10)).toISOString(),
      })),
    ),
  );

/** Sums numeric fields of rows by key; a missing key counts as zeros. */
function sums(rows: Obj[], key: (r: Obj) => string, fields: string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const acc = out.get(key(r)) ?? fields.map(() => 0);
    fields.forEach((f, i) => (acc[i] += Number(r[f] ?? 0)));
    out.set(key(r), acc);
  }
  return out;
}

function assertAddsUp(
  whole: Map<string, number[]>,
  a: Map<string, number[]>,
  b: Map<string, number[]>,
): void {
  for (const k of new Set([...whole.keys(), ...a.keys(), ...b.keys()])) {
    const width = (whole.get(k) ?? a.get(k) ?? b.get(k))!.length;
    const zero = new Array<number>(width).fill(0);
    const [w, x, y] = [whole.get(k) ?? zero, a.get(k) ?? zero, b.get(k) ?? zero];
    assert.deepEqual(
      w,
      x.map((v, i) => v + y[i]),
      k,
    );
  }
}

describe('hardening/invariants: row order, splitting by user, exact money', () => {
  it('rfm, retention, cohortMatrix, repurchase, activeUsers, funnel and channelRoi do not depend on row order', async () => {
    await fc.assert(
      fc.asyncProperty(shuffledArb, async ({ rows, shuffled }) => {
        const [o1, o2, e1, e2] = await Promise.all([
          orders(rows),
          orders(shuffled),
          events(rows),
          events(shuffled),
        ]);
        const r = { asOf: AS_OF };
        assert.deepEqual(byUser(objects(rfm(o2, r).users)), byUser(objects(rfm(o1, r).users)));
        assert.deepEqual(objects(rfm(o2, r).segments), objects(rfm(o1, r).segments));
        const ret = { asOf: AS_OF, periods: 4, period: 'week' as const };
        assert.deepEqual(objects(retention(e2, ret).cells), objects(retention(e1, ret).cells));
        const coh = { asOf: AS_OF, period: 'week' as const, amount: 'amount' };
        assert.deepEqual(objects(cohortMatrix(o2, coh).cells), objects(cohortMatrix(o1, coh).cells));
        const rep = { asOf: AS_OF, windowDays: 14 };
        assert.deepEqual(objects(repurchase(o2, rep).periods), objects(repurchase(o1, rep).periods));
        assert.deepEqual(repurchase(o2, rep).summary, repurchase(o1, rep).summary);
        const act = { asOf: AS_OF, period: 'week' as const };
        assert.deepEqual(objects(activeUsers(e2, act).table), objects(activeUsers(e1, act).table));
        const fun = { steps: ['visit', 'cart', 'purchase'], window: { amount: 7, unit: 'day' as const } };
        assert.deepEqual(objects(funnel(e2, fun).steps), objects(funnel(e1, fun).steps));
        assert.deepEqual(byUser(objects(funnel(e2, fun).users)), byUser(objects(funnel(e1, fun).users)));
        const roi = (o: ColumnTable) => channelRoi({ users: usersOf(rows), orders: o, costs: COSTS });
        assert.deepStrictEqual(objects(roi(o2).table), objects(roi(o1).table));
        assert.deepStrictEqual(objects(roi(o2).byChannel), objects(roi(o1).byChannel));
      }),
      { numRuns: 25 },
    );
  });

  it('lifecycle stages, churn and the K-factor do not depend on the order of any input table', () => {
    fc.assert(
      // The platform has one balance per user and date: two different ones would be refused.
      fc.property(platform, invitesArb, keysArb, (data, invites, keys) => {
        const shuffled: UserData = { users: reorder(data.users, keys) };
        for (const k of ['events', 'orders', 'payouts', 'balances'] as const)
          if (data[k]) shuffled[k] = reorder(data[k], [...keys].reverse());
        const asOf = '2017-02-28';
        const life = (d: UserData) => lifecycle(d, { asOf });
        assert.deepStrictEqual(byUser(objects(life(shuffled).users)), byUser(objects(life(data).users)));
        assert.deepStrictEqual(objects(life(shuffled).counts), objects(life(data).counts));
        const ch = (d: UserData) => churn(d, { asOf });
        const [a, b] = [ch(data), ch(shuffled)];
        assert.deepStrictEqual(byUser(objects(b.users)), byUser(objects(a.users)));
        for (const table of ['byPeriod', 'byStage', 'byStageChannel'] as const)
          assert.deepStrictEqual(objects(b[table]), objects(a[table]), table);
        const [k1, k2] = [
          kFactor(invites, { conversionDays: 14 }),
          kFactor(reorder(invites, keys), { conversionDays: 14 }),
        ];
        assert.deepStrictEqual(byInviter(objects(k2.users)), byInviter(objects(k1.users)));
        assert.deepStrictEqual({ ...k2, users: undefined }, { ...k1, users: undefined });
      }),
      { numRuns: 40 },
    );
  });

  it('splitting users into two halves: counts and cohort revenue add up, RFM values per user are unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, async (rows) => {
        const odd = (r: Row) => Number(r.user_id.slice(1)) % 2 === 1;
        const [a, b] = [rows.filter((r) => !odd(r)), rows.filter(odd)];
        fc.pre(a.length > 0 && b.length > 0);
        const cell = (r: Obj) => `${r.cohort}/${r.offset}/${r.complete}`;
        const ret = async (t: Row[]) =>
          sums(objects(retention(await events(t), { asOf: AS_OF, periods: 4, period: 'week' }).cells), cell, [
            'cohort_size',
            'retained',
          ]);
        assertAddsUp(await ret(rows), await ret(a), await ret(b));
        // Revenue too, exactly: in whole millionths the halves add up to the whole with no rounding.
        const coh = async (t: Row[]) =>
          sums(
            (
              objects(
                cohortMatrix(await orders(t), { asOf: AS_OF, period: 'week', amount: 'amount' }).cells,
              ) as {
                revenue: number | null;
              }[]
            ).map((c) => ({ ...c, revenue_micros: c.revenue === null ? null : toMicros(c.revenue) })),
            cell,
            ['cohort_size', 'active', 'revenue_micros'],
          );
        assertAddsUp(await coh(rows), await coh(a), await coh(b));
        const values = async (t: Row[]) =>
          objects(
            rfm(await orders(t), { asOf: AS_OF }).users.select('user_id', 'recency', 'frequency', 'monetary'),
          );
        assert.deepEqual(byUser(await values(rows)), byUser([...(await values(a)), ...(await values(b))]));
      }),
      { numRuns: 25 },
    );
  });

  it('the Online Retail total is exact to the penny against an integer sum of the raw CSV', async function () {
    this.timeout(60_000);
    const file = join(__dirname, '../../datasets/online-retail/online_retail.csv.gz');
    const expectedMilli = await rawTotalMilliPounds(file);
    const { orders: table, totalMilliPounds } = await loadOnlineRetail(file);
    assert.equal(totalMilliPounds, expectedMilli);
    const amounts = table.array('amount') as Float64Array;
    // Every amount is a whole number of thousandths, so summing them in thousandths is exact.
    let milli = 0;
    for (const x of amounts) milli += Math.round(x * 1000);
    assert.equal(milli, expectedMilli);
    // Through a metric summing in whole millionths: the cohort matrix's revenue cells add up to the raw
    // total exactly, not just to the penny.
    const cells = cohortMatrix(table, { amount: 'amount', asOf: '2011-12-31' }).cells.objects() as {
      revenue: number | null;
    }[];
    let micros = 0;
    for (const c of cells) if (c.revenue !== null) micros += toMicros(c.revenue);
    assert.equal(micros, expectedMilli * 1000);
    // Through a metric: RFM's monetary per user adds up to the same total, to the penny.
    const monetary = rfm(table).users.array('monetary') as ArrayLike<number>;
    let pence = 0;
    for (let i = 0; i < monetary.length; i++) pence += monetary[i] * 100;
    assert.equal(Math.round(pence), Math.round(expectedMilli / 10));
  });
});

/**
 * The default-rule total (no cancellations, a customer, quantity > 0, price > 0) in thousandths of a
 * pound, parsed independently of kernel-lib: quote-aware split, prices as integer thousandths.
 */
async function rawTotalMilliPounds(file: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let total = 0;
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    const f = splitCsvLine(line);
    const [invoice, quantity, price, customer] = [f[0], Number(f[3]), f[5], f[6]];
    if (invoice.startsWith('C') || customer === '' || !(quantity > 0)) continue;
    const [whole, frac = ''] = price.split('.');
    const milli = Number(whole) * 1000 + Number((frac + '000').slice(0, 3));
    if (milli <= 0) continue;
    total += quantity * milli;
  }
  return total;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  out.push(field);
  return out;
}
