import assert from 'node:assert/strict';
import * as aq from 'arquero';
import type { DuckDBConnection } from '@duckdb/node-api';
import { rfm, type RfmSpec } from '../../../../kernel-lib/src/metrics/rfm/index.js';
import { createTable, useDuckDB } from '../../../support/duckdb.js';
import { randomOrders, type GeneratedOrder } from './generate.js';

/**
 * An independent oracle: the same RFM definitions written as SQL and run on DuckDB, compared user by
 * user (values, scores and segments) with kernel-lib on seeded random data. Day boundaries use fixed
 * offsets only, so the SQL needs no time-zone database.
 */

const DAY = 86_400_000;
const OFFSETS: Record<string, number> = { UTC: 0, '+08:00': 8 * 3_600_000 };
const SEGMENT_SQL = `CASE
  WHEN mh AND rh AND fh THEN 'importantValue' WHEN mh AND rh THEN 'importantDevelopment'
  WHEN mh AND fh THEN 'importantRetention' WHEN mh THEN 'importantWinBack'
  WHEN rh AND fh THEN 'generalValue' WHEN rh THEN 'generalDevelopment'
  WHEN fh THEN 'generalRetention' ELSE 'generalWinBack' END`;

type Rule = Record<string, unknown> & { method: string };

/** SQL for one scoring rule: columns `<d>_score` and `<d>_levels` from goodness `<d>_g` and value `<d>`. */
function scoreSql(d: string, rule: Rule, lowerIsBetter: boolean): { score: string; levels: number } {
  const part = 'PARTITION BY grp';
  const n = `count(*) OVER (${part})`;
  const worse = `(rank() OVER (${part} ORDER BY ${d}_g) - 1)`;
  const worseOrEqual = `count(*) OVER (${part} ORDER BY ${d}_g RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
  const better = `(${n} - ${worseOrEqual})`;
  const high = (cond: string) => `CASE WHEN ${cond} THEN 2 ELSE 1 END`;
  switch (rule.method) {
    case 'quantile': {
      const bins = (rule.bins as number) ?? 5;
      const ties = (rule.ties as string) ?? 'min';
      const twice =
        ties === 'min'
          ? `2 * ${worse}`
          : ties === 'max'
            ? `2 * (${worseOrEqual} - 1)`
            : `${worse} + ${worseOrEqual} - 1`;
      return { score: `1 + (${bins} * (${twice})) // (2 * ${n})`, levels: bins };
    }
    case 'mean':
      return {
        score: high(lowerIsBetter ? `${d} < avg(${d}) OVER (${part})` : `${d} > avg(${d}) OVER (${part})`),
        levels: 2,
      };
    case 'topN':
      return { score: high(`${better} < ${rule.n as number}`), levels: 2 };
    case 'topPercent':
      return { score: high(`${better} < ceil(${n} * ${rule.percent as number} / 100 - 1e-9)`), levels: 2 };
    case 'pareto': {
      const share = (rule.share as number) ?? 0.8;
      if (rule.basis === 'users' || (lowerIsBetter && rule.basis === undefined)) {
        return { score: high(`${better} < ceil(${n} * (100 - 100 * ${share}) / 100 - 1e-9)`), levels: 2 };
      }
      // Running total over every value at least as good (ties included), against share × group total.
      return { score: high(`${d}_g >= ${d}_pareto_cut`), levels: 2 };
    }
    case 'cuts': {
      const cuts = rule[d] as number[];
      const bin = cuts.map((c) => `(CASE WHEN ${d} >= ${c} THEN 1 ELSE 0 END)`).join(' + ');
      return {
        score: lowerIsBetter ? `${cuts.length + 1} - (${bin})` : `1 + ${bin}`,
        levels: cuts.length + 1,
      };
    }
  }
  throw new Error(`oracle has no rule ${rule.method}`);
}

function ruleFor(spec: RfmSpec, d: string): Rule {
  const s = (spec.scoring ?? { method: 'quantile' }) as Record<string, unknown>;
  if ('method' in s) return s as Rule;
  return (s[d] as Rule) ?? { method: 'quantile' };
}

function oracleSql(spec: RfmSpec): string {
  const offset = OFFSETS[spec.timeZone ?? 'UTC'];
  const refunds = spec.refunds ?? 'net';
  const asOf = spec.asOf
    ? String(Date.parse(`${spec.asOf}T00:00:00Z`) / DAY)
    : '(SELECT max(day) + 1 FROM o WHERE amount >= 0)';
  const windowFrom = spec.window === undefined ? '-1e18' : `a.d - ${spec.window}`;
  const grp = spec.groupBy ? 'grp' : `'all'`;
  const dims = ['recency', 'frequency', 'monetary'] as const;
  const lower = {
    recency: (spec.recency ?? 'daysSinceLast') === 'daysSinceLast',
    frequency: false,
    monetary: false,
  };
  const scored = dims.map((d) => ({ d, ...scoreSql(d, ruleFor(spec, d), lower[d]) }));
  const paretoCuts = dims
    .map(
      (d) =>
        `max(CASE WHEN ${d}_run >= ${(ruleFor(spec, d).share as number) ?? 0.8} * ${d}_total THEN ${d}_g END) OVER (PARTITION BY grp) AS ${d}_pareto_cut`,
    )
    .join(', ');
  const highFrom = (s: { d: string; levels: number }) =>
    s.levels === 2
      ? '2'
      : spec.high === undefined || spec.high === 'aboveMeanScore'
        ? `floor(avg(${s.d}_score) OVER (PARTITION BY grp)) + 1`
        : String(spec.high);
  return `
WITH o AS (SELECT user_id, ${grp} AS grp, amount, CAST(floor((ts + ${offset}) / ${DAY}) AS BIGINT) AS day FROM orders),
a AS (SELECT ${asOf} AS d),
w AS (SELECT o.* FROM o, a WHERE o.day < a.d AND o.day >= ${windowFrom} ${refunds === 'exclude' ? 'AND amount >= 0' : ''}),
per AS (
  SELECT grp, user_id,
    count(*) FILTER (WHERE amount >= 0) AS tx,
    count(DISTINCT day) FILTER (WHERE amount >= 0) AS days,
    sum(amount) AS total,
    max(day) FILTER (WHERE amount >= 0) AS last_day,
    min(day) FILTER (WHERE amount >= 0) AS first_day
  FROM w GROUP BY grp, user_id HAVING count(*) FILTER (WHERE amount >= 0) > 0),
v AS (
  SELECT grp, user_id,
    CAST(${lower.recency ? '(SELECT d FROM a) - last_day' : 'last_day - first_day'} AS DOUBLE) AS recency,
    CAST(${spec.frequency === 'purchaseDays' ? 'days' : 'tx'} AS DOUBLE) AS frequency,
    CAST(total AS DOUBLE) ${spec.monetary === 'mean' ? '/ tx' : ''} AS monetary
  FROM per),
g AS (SELECT *, ${dims.map((d) => `${lower[d] ? '-' : ''}${d} AS ${d}_g`).join(', ')} FROM v),
run AS (SELECT *, ${dims
    .map(
      (d) =>
        `sum(${d}_g) OVER (PARTITION BY grp ORDER BY ${d}_g DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ${d}_run, sum(${d}_g) OVER (PARTITION BY grp) AS ${d}_total`,
    )
    .join(', ')} FROM g),
cut AS (SELECT *, ${paretoCuts} FROM run),
s AS (SELECT *, ${scored.map((x) => `CAST(${x.score} AS INTEGER) AS ${x.d}_score`).join(', ')} FROM cut),
h AS (SELECT *, ${scored.map((x) => `${x.d}_score >= ${highFrom(x)} AS ${x.d[0]}h`).join(', ')} FROM s)
SELECT grp, user_id, recency, frequency, monetary, recency_score AS r, frequency_score AS f,
  monetary_score AS m, ${SEGMENT_SQL} AS segment
FROM h ORDER BY grp, user_id`;
}

async function loadOrders(connection: DuckDBConnection, orders: GeneratedOrder[]): Promise<void> {
  const rows = orders.map((o) => ({ ...o, grp: o.product_line }));
  const columns = { user_id: 'VARCHAR', grp: 'VARCHAR', ts: 'BIGINT', amount: 'DOUBLE' } as const;
  await createTable(connection, 'orders', columns, rows);
}

function keyed(rows: Record<string, unknown>[], group: boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    const { user_id, grp, product_line, ...rest } = r;
    const key = `${group ? (grp ?? product_line) : 'all'}/${user_id}`;
    const values = ['recency', 'frequency', 'monetary', 'r', 'f', 'm', 'segment'].map((c) =>
      String(Number(rest[c]) || rest[c]),
    );
    out.set(key, values.join(' '));
  }
  return out;
}

const SPECS: RfmSpec[] = [
  {},
  { scoring: { method: 'quantile', ties: 'max' } },
  { scoring: { method: 'quantile', ties: 'average', bins: 4 }, high: 3 },
  { scoring: { method: 'mean' } },
  { scoring: { method: 'mean' }, frequency: 'purchaseDays', monetary: 'mean', refunds: 'exclude' },
  { scoring: { method: 'pareto' }, timeZone: '+08:00', window: 120 },
  { scoring: { method: 'pareto', basis: 'users', share: 0.7 }, asOf: '2023-10-01' },
  { scoring: { method: 'topN', n: 50 }, recency: 'ageAtLast' },
  { scoring: { method: 'topPercent', percent: 15 }, groupBy: 'product_line' },
  {
    scoring: { method: 'cuts', recency: [30, 90, 180], frequency: [2, 5, 10], monetary: [100, 1000, 5000] },
    groupBy: 'product_line',
    frequency: 'purchaseDays',
  },
  {
    scoring: {
      recency: { method: 'mean' },
      frequency: { method: 'quantile', ties: 'average' },
      monetary: { method: 'pareto' },
    },
    groupBy: 'product_line',
    timeZone: '+08:00',
  },
];

describe('rfm against a DuckDB oracle', function () {
  this.timeout(60_000);
  const orders = randomOrders(20231, 3000, 400);
  const table = aq.from(orders);

  const db = useDuckDB((connection) => loadOrders(connection, orders));

  for (const spec of SPECS) {
    it(`agrees user by user: ${JSON.stringify(spec)}`, async () => {
      const mine = rfm(table, spec).users.objects() as Record<string, unknown>[];
      const reader = await db().runAndReadAll(oracleSql(spec));
      const theirs = reader.getRowObjectsJS() as Record<string, unknown>[];
      const group = spec.groupBy !== undefined;
      assert.ok(theirs.length > 100, 'the oracle scored users');
      assert.deepEqual(keyed(mine, group), keyed(theirs, group));
    });
  }
});
