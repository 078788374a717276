import assert from 'node:assert/strict';
import { cohortMatrix } from '../../../kernel-lib/src/metrics/cohort/cohort.js';
import type { CohortMatrixSpec } from '../../../kernel-lib/src/metrics/cohort/spec.js';
import { cohortUsers, type CohortCellRef } from '../../../kernel-lib/src/metrics/cohort/usersIn.js';
import { retention, type RetentionResult } from '../../../kernel-lib/src/metrics/retention/retention.js';
import type { RetentionSpec } from '../../../kernel-lib/src/metrics/retention/spec.js';
import { usersIn, type RetentionCellRef } from '../../../kernel-lib/src/metrics/retention/usersIn.js';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import { RFM_SEGMENTS } from '../../../kernel-lib/src/metrics/rfm/segments.js';
import { rfmUsersIn } from '../../../kernel-lib/src/metrics/rfm/usersIn.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { cohortMatrixSql } from '../../../kernel-lib/src/sql/metrics/cohort.js';
import { retentionSql } from '../../../kernel-lib/src/sql/metrics/retention.js';
import { rfmSql } from '../../../kernel-lib/src/sql/metrics/rfm.js';
import { asTable, parityOrders, rowsOf } from './parityData.js';
import { engineHooks, parityEngines } from './parityEngines.js';
import { userDataEngines } from './parityUsers.js';

/** First, middle and last of a list (each once). */
function ends<T>(values: readonly T[]): T[] {
  return [...new Set([values[0], values[Math.floor(values.length / 2)], values[values.length - 1]])];
}

/** The cells to drill into: a few cohorts × first and last offset × every `which`, and the totals per group. */
function retentionCells(r: RetentionResult): RetentionCellRef[] {
  const cells = rowsOf(r.cells);
  const cohorts = ends([...new Set(cells.map((c) => String(c.cohort)))]);
  const offsets = ends(r.spec.offsets.map((o) => o.from));
  const groups: (string | undefined)[] =
    r.spec.breakdown === undefined
      ? [undefined]
      : [...new Set(cells.map((c) => String(c[r.spec.breakdown!])))];
  const refs: RetentionCellRef[] = [];
  for (const group of groups)
    for (const offset of offsets)
      for (const which of ['retained', 'lost', 'cohort'] as const) {
        refs.push({ offset, which, group });
        for (const cohort of cohorts) refs.push({ cohort, offset, which, group });
      }
  return refs;
}

/** Memory's users and each engine's, cell by cell; returns how many users memory listed in all. */
async function sameUsers<C>(
  cells: C[],
  memory: (cell: C) => string[],
  engines: { name: string; users: (cell: C) => Promise<string[]> }[],
): Promise<number> {
  let listed = 0;
  for (const cell of cells) {
    const expected = memory(cell);
    listed += expected.length;
    for (const e of engines)
      assert.deepEqual(await e.users(cell), expected, `${e.name}: ${JSON.stringify(cell)}`);
  }
  return listed;
}

describe('usersIn() on SQL results: the same users as the in-memory drill-down (DuckDB, chdb, ClickHouse shards)', function () {
  this.timeout(300_000);
  const seen = new Set<string>();
  // No two rows of a user at one instant (table order would pick a start's breakdown value in memory).
  const rows = parityOrders(77, 2000).filter((r) => {
    const key = `${r.user_id}@${r.ts}`;
    return !seen.has(key) && seen.add(key);
  });
  const memory = asTable(rows);
  const run = engineHooks(() => parityEngines(rows));

  const RETENTION: RetentionSpec[] = [
    {},
    { breakdown: 'line', mode: 'onOrAfter', days: [1, 7, 30] },
    { start: 'recurring', period: 'week', periods: 6, cohortPeriod: 'month', timeZone: 'Asia/Shanghai' },
    { window: 'rolling24h', days: [1, 3, 7], timeZone: 'America/New_York', asOf: '2016-12-01' },
  ];
  for (const spec of RETENTION) {
    it(`retentionSql ${JSON.stringify(spec)}`, async () => {
      const expected = retention(memory, spec);
      const results = await Promise.all(
        run().engines.map(async (e) => ({ name: e.name, r: await retentionSql(e.engine, e.source, spec) })),
      );
      const listed = await sameUsers(
        retentionCells(expected),
        (cell) => usersIn(expected, cell),
        results.map(({ name, r }) => ({ name, users: (cell: RetentionCellRef) => usersIn(r, cell) })),
      );
      assert.ok(listed > 100, `the cells hold users (${listed})`);
    });
  }

  const COHORTS: CohortMatrixSpec[] = [
    {},
    { period: 'week', timeZone: 'Asia/Shanghai', periods: 8 },
    { activityEvent: { column: 'line', values: ['fund'] }, asOf: '2016-11-15' },
  ];
  for (const spec of COHORTS) {
    it(`cohortMatrixSql ${JSON.stringify(spec)}`, async () => {
      const expected = cohortMatrix(memory, spec);
      const results = await Promise.all(
        run().engines.map(async (e) => ({
          name: e.name,
          r: await cohortMatrixSql(e.engine, e.source, spec),
        })),
      );
      const listed = await sameUsers(
        cohortCells(expected.cells.objects() as { cohort: string; offset: number }[]),
        (cell) => cohortUsers(expected, cell),
        results.map(({ name, r }) => ({ name, users: (cell: CohortCellRef) => cohortUsers(r, cell) })),
      );
      assert.ok(listed > 100, `the cells hold users (${listed})`);
    });
  }

  it('refuses a cell the result lacks with the error memory gives', async () => {
    const spec: RetentionSpec = { days: [1, 7] };
    const expected = retention(memory, spec);
    const { engine, source } = run().engines[0];
    const r = await retentionSql(engine, source, spec);
    for (const cell of [
      { cohort: '1999-01-01', offset: 1 },
      { offset: 5 },
      { offset: 1, which: 'gone' as 'lost' },
    ]) {
      const message = (() => {
        try {
          usersIn(expected, cell);
        } catch (e) {
          return (e as Error).message;
        }
        assert.fail(`memory accepts ${JSON.stringify(cell)}`);
      })();
      await assert.rejects(usersIn(r, cell), (e: Error) => e.message === message);
    }
  });

  it('rfmSql: rfmUsersIn lists the same users per segment and group', async () => {
    for (const spec of [{}, { groupBy: 'line' }]) {
      const expected = rfm(memory, spec);
      for (const e of run().engines) {
        const actual = await rfmSql(e.engine, e.source, spec);
        const groups = spec.groupBy ? ['fund', 'loan'] : [undefined];
        for (const segment of RFM_SEGMENTS)
          for (const group of groups)
            assert.deepEqual(
              rfmUsersIn(actual, segment, group).sort(),
              rfmUsersIn(expected, segment, group).sort(),
              `${e.name}: ${segment} ${group ?? ''}`,
            );
      }
    }
  });
});

/** A few cohorts × offsets 0, 1 and the last × every `which`. */
function cohortCells(cells: { cohort: string; offset: number }[]): CohortCellRef[] {
  const cohorts = ends([...new Set(cells.map((c) => c.cohort))]);
  const last = cells.reduce((m, c) => Math.max(m, c.offset), 0);
  const refs: CohortCellRef[] = [];
  for (const cohort of cohorts)
    for (const offset of [...new Set([0, 1, last])])
      for (const which of ['active', 'inactive', 'cohort'] as const) refs.push({ cohort, offset, which });
  return refs;
}

describe('usersIn() on SQL results with a users source: sign-up starts and cohorts', function () {
  this.timeout(300_000);
  const run = engineHooks(() => userDataEngines(31, 2000));

  it('retentionSql from registered_at, by channel', async () => {
    const { memory } = run();
    const spec: RetentionSpec = {
      startColumn: 'registered_at',
      breakdown: 'channel',
      mode: 'onOrAfter',
      days: [1, 7, 30],
    };
    const expected = retention(memory.orders!, spec, memory.users);
    const engines: { name: string; users: (cell: RetentionCellRef) => Promise<string[]> }[] = [];
    for (const e of run().engines) {
      const r = await retentionSql(
        e.engine as SqlEngine,
        { events: e.sources.orders!, users: e.sources.users },
        spec,
      );
      engines.push({ name: e.name, users: (cell) => usersIn(r, cell) });
    }
    const listed = await sameUsers(retentionCells(expected), (cell) => usersIn(expected, cell), engines);
    assert.ok(listed > 100, `the cells hold users (${listed})`);
  });

  it('cohortMatrixSql by sign-up, users who never order included', async () => {
    const { memory } = run();
    const spec: CohortMatrixSpec = {
      cohortBy: 'signup',
      activityEvent: { column: 'line', values: ['fund'] },
    };
    const expected = cohortMatrix(memory.orders!, spec, memory.users);
    const engines: { name: string; users: (cell: CohortCellRef) => Promise<string[]> }[] = [];
    for (const e of run().engines) {
      const r = await cohortMatrixSql(e.engine, { events: e.sources.orders!, users: e.sources.users }, spec);
      engines.push({ name: e.name, users: (cell) => cohortUsers(r, cell) });
    }
    const cells = cohortCells(expected.cells.objects() as { cohort: string; offset: number }[]);
    const listed = await sameUsers(cells, (cell) => cohortUsers(expected, cell), engines);
    assert.ok(listed > 100, `the cells hold users (${listed})`);
    assert.ok(
      cells.some((c) => c.which === 'cohort' && cohortUsers(expected, c).some((u) => u.startsWith('quiet'))),
      'a sign-up cohort lists a user who never ordered',
    );
  });
});
