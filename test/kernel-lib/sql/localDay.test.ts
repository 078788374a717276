import assert from 'node:assert/strict';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { dialectOf, SqlBuilder } from '../../../kernel-lib/src/sql/dialect.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { localDayInSpan } from '../../../kernel-lib/src/sql/localDay.js';
import { TimeZone } from '../../../kernel-lib/src/time/zone.js';

const HOUR = 3_600_000;

/** Instants every 20 minutes around each of the zone's offset changes in [from, to], plus the span's ends. */
function instantsAround(zone: TimeZone, from: number, to: number): number[] {
  const out = [from, to];
  for (let t = from; t + HOUR <= to; t += HOUR)
    if (zone.offsetAt(t) !== zone.offsetAt(t + HOUR))
      for (let k = -9; k <= 9; k++) out.push(t + HOUR + k * 20 * 60_000);
  return out.filter((t) => t >= from && t <= to);
}

describe('localDayInSpan: the local day as arithmetic on the span’s offsets, as TimeZone.dayNumber', function () {
  this.timeout(60_000);
  const engines: SqlEngine[] = [];
  before(async () => {
    engines.push(await duckdb({ threads: 1 }), await chdbEngine());
  });
  after(async () => {
    for (const e of engines) await e.close();
  });

  const CASES: [string, string, string][] = [
    ['UTC', '2015-01-01', '2017-01-01'],
    ['Asia/Shanghai', '2015-01-01', '2017-01-01'],
    ['America/New_York', '2015-01-01', '2017-06-01'],
    ['Europe/London', '2010-12-01', '2011-12-01'],
    ['Australia/Lord_Howe', '2015-01-01', '2016-12-31'],
    // Changes at local midnight (until 2019): a change placed an hour off moves days.
    ['America/Sao_Paulo', '2015-01-01', '2018-12-31'],
    ['Asia/Beirut', '2015-01-01', '2016-12-31'],
    // 80 offset changes: beyond the CASE's limit, the engine's own zone lookup.
    ['America/New_York', '1980-01-01', '2020-01-01'],
  ];
  for (const [name, from, to] of CASES) {
    it(`${name} from ${from} to ${to}`, async () => {
      const zone = TimeZone.of(name);
      const span = { fromMs: Date.parse(from), toMs: Date.parse(to) };
      const instants = instantsAround(zone, span.fromMs, span.toMs);
      assert.ok(instants.length > 2 || name === 'UTC' || name === 'Asia/Shanghai');
      for (const engine of engines) {
        const d = dialectOf(engine.dialect);
        const b = new SqlBuilder(d);
        const day = localDayInSpan(b, 'ms', zone, span, () => d.localDayOfMs('ms', b.bind(name, 'String')));
        const values = instants.map((t) => b.bind(t, 'Float64'));
        const rows = await engine.query<{ day: number }>({
          sql: `SELECT ${day} AS day FROM (${values.map((v, i) => `SELECT ${i} AS i, ${v} AS ms`).join(' UNION ALL ')}) AS t ORDER BY i`,
          params: b.params,
        });
        assert.deepEqual(
          rows.map((r) => Number(r.day)),
          instants.map((t) => zone.dayNumber(t)),
          `${engine.description}`,
        );
      }
    });
  }
});
