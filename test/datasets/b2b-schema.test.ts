import assert from 'node:assert/strict';
import { join } from 'node:path';
import { B2B_TABLES } from '../../datasets/src/b2b/generate.js';
import { SIGNUP_STEPS } from '../../datasets/src/b2b/user.js';
import { readTable, ROOT } from './support.js';

const DIR = join(ROOT, 'datasets/b2b');
const DATA_END = Date.parse('2019-12-01T00:00:00+08:00');

describe('datasets/b2b: schema and mechanisms of the committed sample', function () {
  this.timeout(60_000);
  const t = Object.fromEntries(
    Object.keys(B2B_TABLES).map((name) => [name, readTable(join(DIR, `${name}.csv.gz`))]),
  ) as Record<keyof typeof B2B_TABLES, ReturnType<typeof readTable>>;
  const reg = new Map<string, number>();
  before(() => {
    for (const r of t.users.rows) reg.set(r[0], Date.parse(r[1]));
  });

  it('every table has its documented columns, in order', () => {
    for (const [name, columns] of Object.entries(B2B_TABLES)) {
      assert.deepEqual(t[name as keyof typeof B2B_TABLES].header, [...columns], name);
    }
  });

  it('users: channel codes are bound to one promoter and department; platforms are H5 / iOS / Android', () => {
    const codes = new Map(t.channel_codes.rows.map((r) => [r[0], r]));
    const u = t.users;
    for (const r of u.rows) {
      const code = codes.get(r[u.col('channel_code')])!;
      assert.ok(code, r[u.col('channel_code')]);
      assert.equal(r[u.col('channel')], code[1]);
      assert.equal(r[u.col('promoter')], code[2]);
      assert.equal(r[u.col('department')], code[3]);
      assert.ok(['H5', 'iOS', 'Android'].includes(r[u.col('platform')]));
    }
  });

  it('landing URLs carry UTM parameters; a few are malformed, as in the wild', () => {
    const u = t.users;
    const urls = u.rows.map((r) => r[u.col('landing_url')]);
    const clean = urls.filter((x) =>
      /^https:\/\/\w+\.example\.com\/register(\?utm_source=[^&?]+&utm_medium=[^&]+(&[a-z_]+=[^&]*)*)?(\?channel_code=[A-Z-]+)?$/.test(
        x,
      ),
    );
    const malformed = urls.length - clean.length;
    assert.ok(malformed > 0 && malformed / urls.length < 0.05, `${malformed} malformed`);
  });

  it('sign-up funnel: each visitor walks a prefix of the steps in time order; one success per user', () => {
    const s = t.signup_events;
    const steps = new Map<string, { step: string; ts: number; user: string }[]>();
    for (const r of s.rows) {
      const list = steps.get(r[0]) ?? [];
      list.push({ step: r[3], ts: Date.parse(r[2]), user: r[1] });
      steps.set(r[0], list);
    }
    const successes = new Set<string>();
    for (const [visitor, list] of steps) {
      const path = list.map((x) => x.step).filter((x) => x !== 'page_view');
      assert.equal(list[0].step, 'page_view', visitor);
      assert.deepEqual(path, SIGNUP_STEPS.slice(1, 1 + path.length), visitor);
      for (let k = 1; k < list.length; k++) assert.ok(list[k].ts >= list[k - 1].ts, visitor);
      if (path.includes('signup_success')) {
        assert.ok(list[0].user && !successes.has(list[0].user));
        successes.add(list[0].user);
        assert.equal(list[list.length - 1].ts, reg.get(list[0].user), 'success is the sign-up');
      } else assert.equal(list[0].user, '', 'only successful visitors have a user id');
    }
    assert.equal(successes.size, t.users.rows.length);
  });

  it('visits and orders: none before sign-up or after the data end; positive amounts', () => {
    for (const r of t.events.rows) {
      const ts = Date.parse(r[1]);
      assert.ok(ts >= reg.get(r[0])! && ts < DATA_END, `${r[0]} ${r[1]}`);
      assert.ok(['visit', 'add_to_cart', 'favorite'].includes(r[2]));
    }
    for (const r of t.orders.rows) {
      const ts = Date.parse(r[2]);
      assert.ok(ts >= reg.get(r[1])! && ts < DATA_END);
      assert.ok(Number(r[3]) > 0);
    }
  });

  it('invites: a converted invitation names its invitee, who signed up then and was invited by an earlier user', () => {
    const u = t.users;
    const invitedBy = new Map(u.rows.map((r) => [r[0], r[u.col('invited_by')]]));
    let converted = 0;
    for (const r of t.invites.rows) {
      if (!r[1]) {
        assert.equal(r[3], '');
        continue;
      }
      converted++;
      assert.equal(Date.parse(r[3]), reg.get(r[1]));
      assert.equal(invitedBy.get(r[1]), r[0]);
      assert.ok(reg.get(r[0])! < reg.get(r[1])!);
      assert.ok(Date.parse(r[2]) <= Date.parse(r[3]));
    }
    assert.ok(converted > 0 && converted < t.invites.rows.length);
  });

  it('costs: one non-negative cost per paid channel and month', () => {
    const seen = new Set<string>();
    for (const r of t.costs.rows) {
      assert.match(r[1], /^2019-\d{2}$/);
      assert.ok(Number(r[2]) > 0);
      assert.ok(!seen.has(`${r[0]} ${r[1]}`));
      seen.add(`${r[0]} ${r[1]}`);
    }
    assert.ok(seen.size > 0);
  });
});
