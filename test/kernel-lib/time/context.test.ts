import assert from 'node:assert/strict';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import {
  activeUsers,
  churn,
  clvSummary,
  cohortMatrix,
  Dictionary,
  funnel,
  lastDataDay,
  lifecycle,
  lifecycleTrend,
  load,
  loadReport,
  repurchase,
  retention,
  rfm,
  tableTimeZone,
} from '../../../kernel-lib/src/index.js';
import { InputError, SpecError } from '../../../kernel-lib/src/errors.js';
import { asOfDay, checkAsOf, resolveTimeZone, tableZones } from '../../../kernel-lib/src/time/context.js';
import { TimeZone } from '../../../kernel-lib/src/time/zone.js';

const ZONE = 'Asia/Shanghai';

/**
 * Three months of users, visits and orders whose instants fall at 17:00–23:00 UTC, i.e. on the next
 * calendar day in Shanghai: every local day (and so every count) depends on the zone. Timestamps carry
 * their offset (`Z`), so the instants are the same whichever zone a table is loaded in.
 */
function csvs(): { users: string; events: string; orders: string } {
  const users = ['user_id,registered_at,channel'];
  const events = ['user_id,ts,event'];
  const orders = ['order_id,user_id,ts,amount'];
  let order = 0;
  for (let u = 0; u < 24; u++) {
    const signup = Date.UTC(2024, 0, 1 + u * 2, 17 + (u % 7));
    users.push(`u${u},${new Date(signup).toISOString()},${u % 2 ? 'ads' : 'organic'}`);
    for (let k = 0; k < 12; k++) {
      if ((u * 7 + k * 3) % 5 === 0) continue;
      const t = signup + (k * 5 + (u % 4)) * 86_400_000 + (k % 3) * 1_800_000;
      events.push(`u${u},${new Date(t).toISOString()},${k % 4 === 0 ? 'signup' : 'visit'}`);
      if ((u + k) % 3 === 0) {
        orders.push(`o${order++},u${u},${new Date(t + 600_000).toISOString()},${10 + ((u * k) % 90)}`);
      }
    }
  }
  return {
    users: users.join('\n') + '\n',
    events: events.join('\n') + '\n',
    orders: orders.join('\n') + '\n',
  };
}

interface Tables {
  users: ColumnTable;
  events: ColumnTable;
  orders: ColumnTable;
}

async function loadAll(timeZone?: string): Promise<Tables> {
  const text = csvs();
  const dictionary = new Dictionary();
  const opts = (table: 'users' | 'events' | 'orders') => ({
    table,
    dictionary,
    ...(timeZone ? { timeZone } : {}),
  });
  return {
    users: await load(text.users, opts('users')),
    events: await load(text.events, opts('events')),
    orders: await load(text.orders, opts('orders')),
  };
}

/** Every metric with a zone-dependent answer, as plain data (tables as rows, the spec as given back). */
const METRICS: Record<string, (t: Tables, spec: { timeZone?: string }) => unknown> = {
  retention: (t, s) => {
    const r = retention(t.events, { ...s, days: [1, 7, 30] });
    return { spec: r.spec, asOf: r.asOf, cells: r.cells.objects() };
  },
  activeUsers: (t, s) => {
    const r = activeUsers(t.events, { ...s, period: 'week' }, t.users);
    return { spec: r.spec, asOf: r.asOf, table: r.table.objects() };
  },
  cohortMatrix: (t, s) => {
    const r = cohortMatrix(t.orders, { ...s, amount: 'amount' });
    return { spec: r.spec, asOf: r.asOf, cells: r.cells.objects() };
  },
  repurchase: (t, s) => {
    const r = repurchase(t.orders, { ...s, period: 'week', windowDays: 30 }, t.users);
    return { spec: r.spec, asOf: r.asOf, periods: r.periods.objects() };
  },
  rfm: (t, s) => {
    const r = rfm(t.orders, s);
    return { spec: r.spec, users: r.users.objects() };
  },
  funnel: (t, s) => {
    const r = funnel(t.events, { ...s, steps: ['signup', 'visit'], from: '2024-01-05', to: '2024-02-20' });
    return { spec: r.spec, steps: r.steps.objects() };
  },
  lifecycle: (t, s) => {
    const r = lifecycle(t, { ...s, asOf: '2024-02-15', growthRequires: [] });
    return { spec: r.spec, counts: r.counts.objects() };
  },
  churn: (t, s) => {
    const r = churn(t, {
      ...s,
      asOf: '2024-03-01',
      days: 10,
      activityEvents: ['visit'],
      stages: { growthRequires: [] },
    });
    return { spec: r.spec, users: r.users.objects() };
  },
  lifecycleTrend: (t, s) => {
    const r = lifecycleTrend(t, { ...s, asOf: '2024-03-01', period: 'week' });
    return { spec: r.spec, counts: r.counts.objects() };
  },
  clvSummary: (t, s) => {
    const r = clvSummary(t.orders, { ...s, timeUnit: 'day', end: '2024-03-01' });
    return { spec: r.spec, customers: r.customers.objects(), counts: r.counts };
  },
};

describe('context: the zone a table carries and the as-of rule', function () {
  this.timeout(60_000);
  let shanghai: Tables;
  let utc: Tables;
  before(async () => {
    shanghai = await loadAll(ZONE);
    utc = await loadAll();
  });

  it('load() records its timeZone on the table and in the load report, UTC when none is given', () => {
    assert.equal(tableTimeZone(shanghai.events), ZONE);
    assert.equal(loadReport(shanghai.events)!.timeZone, ZONE);
    assert.equal(tableTimeZone(utc.events), 'UTC');
    assert.equal(loadReport(utc.events)!.timeZone, 'UTC');
  });

  for (const [name, run] of Object.entries(METRICS)) {
    it(`${name}: a table loaded with a zone gives what passing the zone per metric gives`, () => {
      const carried = run(shanghai, {});
      assert.deepEqual(carried, run(utc, { timeZone: ZONE }));
      // The zone matters to these answers: the same data read in UTC differs.
      assert.notDeepEqual(carried, run(utc, {}));
      assert.equal((carried as { spec: { timeZone: string } }).spec.timeZone, ZONE);
    });

    it(`${name}: a spec timeZone overrides the table's, and the result names the zone used`, () => {
      const overridden = run(shanghai, { timeZone: 'UTC' });
      assert.deepEqual(overridden, run(utc, {}));
      assert.equal((overridden as { spec: { timeZone: string } }).spec.timeZone, 'UTC');
    });
  }

  it('arquero verbs pass the zone on; tables built anew carry none and are read in UTC, as the spec says', () => {
    const e = shanghai.events;
    for (const derived of [
      e.filter((d: any) => d.event === 'visit'),
      e.derive({ day: (d: any) => d.ts }),
      e.select('user_id', 'ts'),
      e.orderby('ts').reify(),
      e.join_left(shanghai.users.select('user_id', 'channel'), 'user_id'),
      e.concat(e),
    ]) {
      assert.equal(tableTimeZone(derived), ZONE);
    }
    const rebuilt = aq.from(e.objects());
    assert.equal(tableTimeZone(rebuilt), undefined);
    const r = retention(rebuilt, { days: [1, 7] });
    assert.equal(r.spec.timeZone, 'UTC');
    assert.deepEqual(r.cells.objects(), retention(utc.events, { days: [1, 7] }).cells.objects());
  });

  it("refuses a table holding load()'s timestamps without their zone, unless the spec names one", () => {
    const lost = aq.table({ user_id: shanghai.events.column('user_id'), ts: shanghai.events.column('ts') });
    assert.throws(
      () => retention(lost),
      (e: unknown) =>
        e instanceof SpecError && /events table: it has load\(\)'s timestamps but no zone/.test(e.message),
    );
    assert.equal(retention(lost, { timeZone: ZONE }).spec.timeZone, ZONE);
  });

  it('refuses inputs that carry different zones, unless the spec chooses', () => {
    const mixed = { ...shanghai, events: utc.events };
    assert.throws(
      () => lifecycle(mixed, { asOf: '2024-02-15', growthRequires: [] }),
      (e: unknown) =>
        e instanceof SpecError && /users carries "Asia\/Shanghai", events carries "UTC"/.test(e.message),
    );
    assert.equal(
      lifecycle(mixed, { asOf: '2024-02-15', growthRequires: [], timeZone: ZONE }).spec.timeZone,
      ZONE,
    );
  });

  it('lastDataDay counts days in the zone the tables carry', () => {
    assert.equal(lastDataDay(shanghai), lastDataDay(utc, ZONE));
    assert.notEqual(lastDataDay(shanghai), lastDataDay(utc));
  });

  it('one as-of check and one error text for every metric', () => {
    const bad = '2024-02-30';
    const text = /^invalid asOf: "2024-02-30" \(expected a date like "2017-03-01"\)$/;
    const calls: (() => unknown)[] = [
      () => retention(shanghai.events, { asOf: bad }),
      () => activeUsers(shanghai.events, { asOf: bad }),
      () => cohortMatrix(shanghai.events, { asOf: bad }),
      () => repurchase(shanghai.orders, { asOf: bad }),
      () => rfm(shanghai.orders, { asOf: bad }),
      () => lifecycle(shanghai, { asOf: bad }),
      () => churn(shanghai, { asOf: bad }),
      () => lifecycleTrend(shanghai, { asOf: bad }),
    ];
    for (const call of calls) {
      assert.throws(call, (e: unknown) => e instanceof SpecError && text.test(e.message));
    }
    assert.equal(checkAsOf('2024-02-29'), '2024-02-29');
    assert.throws(() => checkAsOf('2024-02-29T00:00'), SpecError);
  });

  it('the default as-of day is the last local day with data, and no data without an asOf is one error', () => {
    const zone = TimeZone.of(ZONE);
    assert.equal(asOfDay('2024-01-02', zone, [], 'events'), zone.dayOf('2024-01-02'));
    assert.equal(asOfDay(undefined, zone, [5, NaN, 9, -Infinity], 'events'), 9);
    const empty = aq.table({ user_id: [] as string[], ts: [] as string[] });
    for (const call of [() => retention(empty), () => repurchase(empty)]) {
      assert.throws(call, (e: unknown) => e instanceof InputError && /no dated rows/.test(e.message));
    }
  });

  it('resolveTimeZone: spec, else the one zone the inputs carry, else UTC', () => {
    assert.equal(resolveTimeZone(undefined, {}), 'UTC');
    assert.equal(resolveTimeZone(undefined, { a: undefined, b: ZONE }), ZONE);
    assert.equal(resolveTimeZone('+08:00', { b: ZONE }), '+08:00');
    assert.throws(() => resolveTimeZone('Mars/Olympus', {}), SpecError);
    assert.deepEqual(tableZones({ events: shanghai.events, users: undefined }), { events: ZONE });
  });
});
