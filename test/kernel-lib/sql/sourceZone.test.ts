import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  activeUsersSql,
  clvSummarySql,
  cohortMatrix,
  cohortMatrixSql,
  duckdb,
  funnelSql,
  lifecycleTrendSql,
  load,
  repurchaseSql,
  retentionSql,
  rfmSql,
  type SqlEngine,
  type SqlSource,
} from '../../../kernel-lib/src/index.js';
import { SpecError } from '../../../kernel-lib/src/errors.js';
import { rowsReportSql } from '../../../kernel-lib/src/sql/rowsReport.js';

const ZONE = 'Asia/Shanghai';

/** Users and events at 17:00–23:00 UTC (the next day in Shanghai), with offsets, as CSV files. */
function writeCsvs(dir: string): { users: string; events: string } {
  const users = ['user_id,registered_at'];
  const events = ['order_id,user_id,ts,event,amount'];
  let n = 0;
  for (let u = 0; u < 20; u++) {
    const signup = Date.UTC(2024, 0, 1 + u * 2, 17 + (u % 7));
    users.push(`u${u},${new Date(signup).toISOString()}`);
    for (let k = 0; k < 10; k++) {
      if ((u * 7 + k * 3) % 5 === 0) continue;
      const t = signup + (k * 5 + (u % 4)) * 86_400_000 + (k % 3) * 1_800_000;
      events.push(
        `o${n++},u${u},${new Date(t).toISOString()},${k % 4 === 0 ? 'signup' : 'visit'},${10 + ((u * k) % 90)}`,
      );
    }
  }
  const paths = { users: join(dir, 'users.csv'), events: join(dir, 'events.csv') };
  writeFileSync(paths.users, users.join('\n') + '\n');
  writeFileSync(paths.events, events.join('\n') + '\n');
  return paths;
}

type Run = (
  engine: SqlEngine,
  users: SqlSource,
  events: SqlSource,
  spec: { timeZone?: string },
) => Promise<unknown>;

/** Each SQL metric's zone-dependent answer, as plain data. */
const METRICS: Record<string, Run> = {
  retentionSql: async (e, _u, ev, s) => {
    const r = await retentionSql(e, ev, { ...s, days: [1, 7, 30] });
    return { spec: r.spec, asOf: r.asOf, cells: r.cells.objects() };
  },
  activeUsersSql: async (e, _u, ev, s) => {
    const r = await activeUsersSql(e, ev, { ...s, period: 'week' });
    return { spec: r.spec, asOf: r.asOf, table: r.table.objects() };
  },
  cohortMatrixSql: async (e, _u, ev, s) => {
    const r = await cohortMatrixSql(e, ev, { ...s, amount: 'amount' });
    return { spec: r.spec, asOf: r.asOf, cells: r.cells.objects() };
  },
  repurchaseSql: async (e, _u, ev, s) => {
    const r = await repurchaseSql(e, ev, { ...s, period: 'week', windowDays: 30 });
    return { spec: r.spec, asOf: r.asOf, periods: r.periods.objects() };
  },
  rfmSql: async (e, _u, ev, s) => {
    const r = await rfmSql(e, ev, s);
    return { spec: r.spec, users: r.users.objects() };
  },
  funnelSql: async (e, _u, ev, s) => {
    const r = await funnelSql(e, ev, {
      ...s,
      steps: ['signup', 'visit'],
      from: '2024-01-05',
      to: '2024-02-20',
    });
    return { spec: r.spec, steps: r.steps.objects() };
  },
  lifecycleTrendSql: async (e, u, ev, s) => {
    const r = await lifecycleTrendSql(
      e,
      { users: u, events: ev },
      { ...s, asOf: '2024-03-01', period: 'week' },
    );
    return { spec: r.spec, counts: r.counts.objects() };
  },
  clvSummarySql: async (e, _u, ev, s) => {
    const r = await clvSummarySql(e, ev, { ...s, timeUnit: 'day', end: '2024-03-01' });
    return { spec: r.spec, customers: r.customers.objects(), counts: r.counts };
  },
};

describe('SQL sources carry a zone, as loaded tables do', function () {
  this.timeout(120_000);
  let engine: SqlEngine;
  let files: { users: string; events: string };
  const source = (file: string, timeZone?: string): SqlSource => ({
    file,
    format: 'csv',
    ...(timeZone ? { timeZone } : {}),
  });
  before(async () => {
    files = writeCsvs(mkdtempSync(join(tmpdir(), 'fupan-source-zone-')));
    engine = await duckdb({ threads: 1 });
  });
  after(async () => engine?.close());

  for (const [name, run] of Object.entries(METRICS)) {
    it(`${name}: a source's timeZone gives what the spec's gives; a spec timeZone overrides it`, async () => {
      const carried = await run(engine, source(files.users, ZONE), source(files.events, ZONE), {});
      const given = await run(engine, source(files.users), source(files.events), { timeZone: ZONE });
      assert.deepEqual(carried, given);
      assert.equal((carried as { spec: { timeZone: string } }).spec.timeZone, ZONE);
      const plain = await run(engine, source(files.users), source(files.events), {});
      assert.notDeepEqual(carried, plain, 'the zone changes these answers');
      assert.equal((plain as { spec: { timeZone: string } }).spec.timeZone, 'UTC');
      const overridden = await run(engine, source(files.users, ZONE), source(files.events, ZONE), {
        timeZone: 'UTC',
      });
      assert.deepEqual(overridden, plain);
    });
  }

  it('the same zone, carried by a loaded table and by a source, gives the same cohorts in memory and SQL', async () => {
    const memory = cohortMatrix(await load(files.events, { table: 'events', timeZone: ZONE }), {});
    const sql = await cohortMatrixSql(engine, source(files.events, ZONE), {});
    assert.equal(memory.spec.timeZone, ZONE);
    assert.deepEqual(sql.cells.objects(), memory.cells.objects());
  });

  it('refuses sources with different zones, and a bad zone, naming the source', async () => {
    await assert.rejects(
      lifecycleTrendSql(
        engine,
        { users: source(files.users, ZONE), events: source(files.events, 'UTC') },
        {
          asOf: '2024-03-01',
        },
      ),
      /users carries "Asia\/Shanghai", events carries "UTC"/,
    );
    await assert.rejects(
      retentionSql(engine, { ...source(files.events), timeZone: 'Mars/Olympus' }, {}),
      (e: unknown) => e instanceof SpecError && /timeZone/.test(e.message),
    );
  });

  it("the source's load report names its zone, as load()'s does", async () => {
    assert.equal((await rowsReportSql(engine, source(files.events, ZONE))).timeZone, ZONE);
    assert.equal((await rowsReportSql(engine, source(files.events))).timeZone, 'UTC');
  });
});
