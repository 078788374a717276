import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../kernel-lib/src/errors.js';
import { lifecycle } from '../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import type { ChurnSources } from '../../../kernel-lib/src/sql/metrics/churn.js';
import { lifecycleSql } from '../../../kernel-lib/src/sql/metrics/lifecycleStages.js';
import { AS_OF, data } from '../metrics/lifecycle/fixture.js';
import { rowsOf } from './parityData.js';
import { writeParquet, type Kind, type TableData, type Value } from './lifecycleStagesData.js';

const KINDS: Record<string, Kind> = {
  user_id: 'string',
  channel: 'string',
  event: 'string',
  product_type: 'string',
  registered_at: 'instant',
  verified_at: 'instant',
  card_bound_at: 'instant',
  ts: 'instant',
  date: 'date',
  amount: 'number',
  term_days: 'number',
  balance: 'number',
};

/** A fixture table's rows as parquet input (ISO strings to epoch ms). */
function tableOf(rows: Record<string, unknown>[]): TableData {
  const columns = Object.fromEntries(Object.keys(rows[0]).map((k) => [k, KINDS[k]]));
  return {
    columns,
    rows: rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          columns[k] === 'instant' && v !== null ? Date.parse(String(v)) : (v as Value),
        ]),
      ),
    ),
  };
}

describe('lifecycleSql on the hand-worked platform (DuckDB) and on bad input', function () {
  this.timeout(60_000);
  let engine: SqlEngine;
  let dir: string;
  let sources: ChurnSources;
  const file = async (name: string, rows: Record<string, unknown>[]) => ({
    file: await writeParquet(engine, dir, name, tableOf(rows), (c) => c),
  });
  const fixture = async (name: keyof typeof data, extra: Record<string, unknown>[] = []) =>
    file(`${name}${extra.length ? '_bad' : ''}`, [
      ...(data[name]!.objects() as Record<string, unknown>[]),
      ...extra,
    ]);
  before(async () => {
    engine = await duckdb({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'fupan-stages-input-'));
    sources = {
      users: await fixture('users'),
      events: await fixture('events'),
      orders: await fixture('orders'),
      payouts: await fixture('payouts'),
      balances: await fixture('balances'),
    };
  });
  after(async () => engine?.close());

  it('puts each hand-worked user in its stage with the signal that fired, as in memory', async () => {
    const r = await lifecycleSql(engine, sources, { asOf: AS_OF });
    const stages = Object.fromEntries(rowsOf(r.users).map((x) => [x.user_id, `${x.stage}:${x.signal}`]));
    assert.deepEqual(stages, {
      u1: 'introduction:signedUp',
      u2: 'growth:invested',
      u3: 'maturity:longerTerm',
      u4: 'dormancy:noTransactionSinceSignup',
      u5: 'dormancy:withdrawnAfterMaturity',
      u6: 'dormancy:holdingsDrop',
      u7: 'churn:inactive',
      u9: 'introduction:signedUp',
    });
    assert.deepEqual(rowsOf(r.users), rowsOf(lifecycle(data, { asOf: AS_OF }).users));
    assert.deepEqual(r.usersIn('dormancy'), ['u4', 'u5', 'u6']);
  });

  it('reads nothing after the as-of day', async () => {
    const later = {
      ...sources,
      events: await fixture('events', [{ user_id: 'u7', ts: '2017-03-02T00:30:00Z', event: 'login' }]),
      balances: await fixture('balances', [{ user_id: 'u6', date: '2017-03-02', balance: 20000 }]),
    };
    const before = await lifecycleSql(engine, sources, { asOf: AS_OF });
    const after = await lifecycleSql(engine, later, { asOf: AS_OF });
    assert.deepEqual(rowsOf(after.users), rowsOf(before.users));
  });

  it('refuses duplicate users, users without a sign-up time, rows without a time and two balances at once', async () => {
    const user = {
      user_id: 'u1',
      registered_at: '2017-01-01',
      channel: 'app',
      verified_at: null,
      card_bound_at: null,
    };
    await assert.rejects(
      lifecycleSql(engine, { ...sources, users: await fixture('users', [user]) }, { asOf: AS_OF }),
      (e: unknown) => e instanceof InputError && /duplicate user id/.test(e.message) && /u1/.test(e.message),
    );
    await assert.rejects(
      lifecycleSql(
        engine,
        { ...sources, users: await fixture('users', [{ ...user, user_id: 'u10', registered_at: null }]) },
        { asOf: AS_OF },
      ),
      (e: unknown) =>
        e instanceof InputError && /missing sign-up time/.test(e.message) && /registered_at/.test(e.message),
    );
    await assert.rejects(
      lifecycleSql(
        engine,
        {
          ...sources,
          orders: await fixture('orders', [
            { user_id: 'u2', ts: null, amount: 1, term_days: 30, product_type: 'x' },
          ]),
        },
        { asOf: AS_OF },
      ),
      (e: unknown) =>
        e instanceof InputError &&
        /1 rows without a timestamp/.test(e.message) &&
        /orders_bad\.parquet/.test(e.message),
    );
    await assert.rejects(
      lifecycleSql(
        engine,
        {
          ...sources,
          balances: await fixture('balances', [{ user_id: 'u3', date: '2017-02-28', balance: 7 }]),
        },
        { asOf: AS_OF },
      ),
      (e: unknown) =>
        e instanceof InputError &&
        /two different balances/.test(e.message) &&
        /u3 at 2017-02-28/.test(e.message),
    );
  });
});
