import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { load } from '../../../kernel-lib/src/io/load.js';
import { churn } from '../../../kernel-lib/src/metrics/churn/churn.js';
import type { UserData } from '../../../kernel-lib/src/metrics/history/history.js';
import { lifecycle } from '../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import type { LifecycleSpec } from '../../../kernel-lib/src/metrics/lifecycle/spec.js';
import { LIFECYCLE_STAGES } from '../../../kernel-lib/src/metrics/lifecycle/stages.js';
import { churnSql } from '../../../kernel-lib/src/sql/metrics/churn.js';
import { lifecycleSql } from '../../../kernel-lib/src/sql/metrics/lifecycleStages.js';
import { Dictionary } from '../../../kernel-lib/src/table/dictionary.js';
import { assertRowsClose, rowsOf } from './parityData.js';
import {
  stageEngines,
  type Kind,
  type StageRun,
  type StageTables,
  type Value,
} from './lifecycleStagesData.js';

const DIR = join(__dirname, '../../../datasets/p2p');
const TIME_ZONE = 'Asia/Shanghai';
const TABLES: Record<keyof StageTables, Record<string, Kind>> = {
  users: {
    user_id: 'string',
    registered_at: 'instant',
    verified_at: 'instant',
    card_bound_at: 'instant',
    channel: 'string',
  },
  events: { user_id: 'string', ts: 'instant', event: 'string' },
  orders: { user_id: 'string', ts: 'instant', amount: 'number', term_days: 'number' },
  payouts: { user_id: 'string', ts: 'instant', amount: 'number' },
  balances: { user_id: 'string', date: 'date', balance: 'number' },
};

/** The committed sample's columns that the stage metrics read, parsed independently of `load()`. */
function sampleTables(): StageTables {
  const out = {} as StageTables;
  for (const [name, columns] of Object.entries(TABLES) as [keyof StageTables, Record<string, Kind>][]) {
    const [header, ...lines] = gunzipSync(readFileSync(join(DIR, `${name}.csv.gz`)))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    const at = header.split(',');
    const parse = (kind: Kind, s: string): Value =>
      s === '' ? null : kind === 'instant' ? Date.parse(s) : kind === 'number' ? Number(s) : s;
    out[name] = {
      columns,
      rows: lines.map((line) => {
        const cells = line.split(',');
        return Object.fromEntries(
          Object.entries(columns).map(([c, kind]) => [c, parse(kind, cells[at.indexOf(c)])]),
        );
      }),
    };
  }
  return out;
}

describe('lifecycleSql and churnSql by stage on the P2P sample (44k users): memory vs DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(300_000);
  let run: StageRun;
  let memory: UserData;
  before(async () => {
    const dictionary = new Dictionary();
    const read = (name: keyof StageTables) =>
      load(join(DIR, `${name}.csv.gz`), { table: name, timeZone: TIME_ZONE, dictionary });
    memory = {
      users: await read('users'),
      events: await read('events'),
      orders: await read('orders'),
      payouts: await read('payouts'),
      balances: await read('balances'),
    };
    run = await stageEngines(sampleTables());
  });
  after(async () => run?.stop());

  // Notebook 003's definition (the article's parameters).
  const stages = {
    growthRequires: ['verified', 'cardBound'],
    maturityRule: 'laterLongerTerm',
    dormancyDays: 30,
    holdingsDropShare: 0.5,
  } satisfies Omit<LifecycleSpec, 'asOf'>;

  it('puts every user in the same stage with the same signal and flags', async () => {
    const spec: LifecycleSpec = { ...stages, asOf: '2017-03-31', timeZone: TIME_ZONE, churn: { days: 30 } };
    const expected = lifecycle(memory, spec);
    const counts = rowsOf(expected.counts);
    assert.ok(
      counts.every((c) => Number(c.users) > 100),
      'every stage is populated',
    );
    const users = rowsOf(expected.users).sort((a, b) => (String(a.user_id) < String(b.user_id) ? -1 : 1));
    for (const { name, engine, sources } of run.engines) {
      const actual = await lifecycleSql(engine, sources, spec, run.columns);
      assertRowsClose(rowsOf(actual.counts), counts, `${name}: counts`);
      assertRowsClose(rowsOf(actual.users), users, `${name}: users`);
      assert.deepEqual(actual.notes, expected.notes, `${name}: notes`);
      for (const stage of LIFECYCLE_STAGES)
        assert.deepEqual(actual.usersIn(stage), expected.usersIn(stage).sort(), `${name}: ${stage}`);
    }
  });

  it('churns the same users by stage and by channel within stage', async () => {
    const spec = { asOf: '2016-12-31', timeZone: TIME_ZONE, days: 30, stages };
    const expected = churn(memory, spec);
    for (const { name, engine, sources } of run.engines) {
      const actual = await churnSql(engine, sources, spec, run.columns);
      assert.equal(actual.churned, expected.churned().length, `${name}: churned`);
      assertRowsClose(rowsOf(actual.byPeriod), rowsOf(expected.byPeriod), `${name}: byPeriod`);
      assertRowsClose(rowsOf(actual.byStage!), rowsOf(expected.byStage), `${name}: byStage`);
      assertRowsClose(
        rowsOf(actual.byStageChannel!),
        rowsOf(expected.byStageChannel),
        `${name}: byStageChannel`,
      );
    }
  });
});
