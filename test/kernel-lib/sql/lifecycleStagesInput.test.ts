import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../kernel-lib/src/errors.js';
import { lifecycle } from '../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import type { ChurnSources } from '../../../kernel-lib/src/sql/metrics/historySources.js';
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

describe('lifecycleSql on the hand-worked platform and on bad input (DuckDB and chdb over Parquet)', function () {
  this.timeout(60_000);
  let writer: SqlEngine;
  const engines: { name: string; engine: SqlEngine }[] = [];
  let dir: string;
  let sources: ChurnSources;
  const fixture = async (name: keyof typeof data, extra: Record<string, unknown>[] = []) => {
    const rows = [...(data[name]!.objects() as Record<string, unknown>[]), ...extra];
    const file = `${name}${extra.length ? `_bad${bad++}` : ''}`;
    return { file: await writeParquet(writer, dir, file, tableOf(rows), (c) => c) };
  };
  let bad = 0;
  before(async () => {
    writer = await duckdb({ threads: 1 });
    engines.push({ name: 'duckdb', engine: writer }, { name: 'chdb', engine: await chdbEngine() });
    dir = mkdtempSync(join(tmpdir(), 'fupan-stages-input-'));
    sources = {
      users: await fixture('users'),
      events: await fixture('events'),
      orders: await fixture('orders'),
      payouts: await fixture('payouts'),
      balances: await fixture('balances'),
    };
  });
  after(async () => {
    for (const e of engines) await e.engine.close();
  });

  it('puts each hand-worked user in its stage with the signal that fired, as in memory', async () => {
    const expected = lifecycle(data, { asOf: AS_OF });
    for (const { name, engine } of engines) {
      const r = await lifecycleSql(engine, sources, { asOf: AS_OF });
      assert.deepEqual(rowsOf(r.users), rowsOf(expected.users), name);
      assert.deepEqual(r.usersIn('maturity'), ['u3'], name);
      assert.deepEqual(r.usersIn('dormancy'), ['u4', 'u5', 'u6'], name);
      assert.deepEqual(r.usersIn('churn'), ['u7'], name);
      assert.deepEqual(
        rowsOf(r.users.filter((x: { stage: string }) => x.stage === 'dormancy').select('user_id', 'signal')),
        [
          { user_id: 'u4', signal: 'noTransactionSinceSignup' },
          { user_id: 'u5', signal: 'withdrawnAfterMaturity' },
          { user_id: 'u6', signal: 'holdingsDrop' },
        ],
        name,
      );
    }
  });

  it('reads nothing after the as-of day', async () => {
    const later = {
      ...sources,
      events: await fixture('events', [{ user_id: 'u7', ts: '2017-03-02T00:30:00Z', event: 'login' }]),
      balances: await fixture('balances', [{ user_id: 'u6', date: '2017-03-02', balance: 20000 }]),
    };
    for (const { name, engine } of engines) {
      const before = await lifecycleSql(engine, sources, { asOf: AS_OF });
      const after = await lifecycleSql(engine, later, { asOf: AS_OF });
      assert.deepEqual(rowsOf(after.users), rowsOf(before.users), name);
    }
  });

  it('refuses duplicate users, users without a sign-up time, rows without a time and two balances at once', async () => {
    const user = {
      user_id: 'u1',
      registered_at: '2017-01-01',
      channel: 'app',
      verified_at: null,
      card_bound_at: null,
    };
    const cases: [Partial<ChurnSources>, RegExp[]][] = [
      [{ users: await fixture('users', [user]) }, [/duplicate user id/, /u1/]],
      [
        { users: await fixture('users', [{ ...user, user_id: 'u10', registered_at: null }]) },
        [/missing sign-up time/, /registered_at/, /u10/],
      ],
      [
        {
          orders: await fixture('orders', [
            { user_id: 'u2', ts: null, amount: 1, term_days: 30, product_type: 'x' },
          ]),
        },
        [/1 rows without a timestamp/, /orders_bad\d\.parquet/, /column "ts"/],
      ],
      [
        { balances: await fixture('balances', [{ user_id: 'u3', date: '2017-02-28', balance: 7 }]) },
        [/two different balances/, /u3 at 2017-02-28/],
      ],
    ];
    for (const { name, engine } of engines)
      for (const [bad, patterns] of cases)
        await assert.rejects(
          lifecycleSql(engine, { ...sources, ...bad }, { asOf: AS_OF }),
          (e: unknown) => e instanceof InputError && patterns.every((p) => p.test(e.message)),
          `${name}: ${patterns.join(' ')}`,
        );
  });
});
