import assert from 'node:assert/strict';
import * as aq from 'arquero';
import fc from 'fast-check';
import { lifecycle } from '../../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { lifecycleSnapshots } from '../../../../kernel-lib/src/metrics/lifecycle/transitions.js';
import { lifecycleTrend } from '../../../../kernel-lib/src/metrics/lifecycle/trend.js';
import type { UserData } from '../../../../kernel-lib/src/metrics/history/history.js';
import { platform } from './platformArb.js';

const AS_OF = '2017-02-28';
const AS_OF_MS = Date.parse('2017-03-01T00:00:00Z');

const registeredBy = (data: UserData, ms: number) =>
  (data.users.array('registered_at') as string[]).filter((t) => Date.parse(t) < ms).length;

describe('lifecycle properties', () => {
  it('stage counts sum to the users signed up by asOf', () => {
    fc.assert(
      fc.property(platform, (data) => {
        const r = lifecycle(data, { asOf: AS_OF });
        const total = (r.counts.array('users') as number[]).reduce((a, b) => a + b, 0);
        assert.equal(total, registeredBy(data, AS_OF_MS));
        assert.equal(r.users.numRows(), total);
      }),
      { numRuns: 60 },
    );
  });

  it('transition rows sum to the earlier counts, columns to the later ones', () => {
    fc.assert(
      fc.property(platform, (data) => {
        const s = lifecycleSnapshots(data, { asOf: AS_OF }, { from: '2016-11-01' });
        const counts = (k: number) =>
          s.counts.filter(aq.escape((d: any) => d.as_of === s.dates[k])).array('users') as number[];
        for (let k = 0; k + 1 < s.dates.length; k++) {
          const m = s.transition(k, k + 1).matrix;
          const before = counts(k);
          const after = counts(k + 1);
          before.forEach((n, i) =>
            assert.equal(
              m[i].reduce((a, b) => a + b, 0),
              n,
            ),
          );
          after.forEach((n, j) =>
            assert.equal(
              m.reduce((a, row) => a + row[j], 0),
              n,
            ),
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it('stages never depend on rows after asOf', () => {
    fc.assert(
      fc.property(platform, (data) => {
        const cut = (t: aq.ColumnTable | undefined, col: string) =>
          t?.filter(aq.escape((d: any) => Date.parse(d[col]) < AS_OF_MS));
        const past: UserData = {
          users: data.users,
          events: cut(data.events, 'ts'),
          orders: cut(data.orders, 'ts'),
          payouts: cut(data.payouts, 'ts'),
          balances: cut(data.balances, 'date'),
        };
        assert.deepEqual(
          lifecycle(data, { asOf: AS_OF }).users.objects(),
          lifecycle(past, { asOf: AS_OF }).users.objects(),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('new + returning + resurrecting = active users, and dormant = previously active − returning', () => {
    fc.assert(
      fc.property(platform, (data) => {
        const r = lifecycleTrend(data, { asOf: AS_OF });
        const rows = r.counts.objects() as { period: string; status: string; users: number }[];
        const periods = [...new Set(rows.map((x) => x.period))];
        const active = (p: string) => {
          const ids = new Set<string>();
          for (const t of [data.events!, data.orders!]) {
            for (const o of t.objects() as any[])
              if (o.ts.slice(0, 7) === p && Date.parse(o.ts) < AS_OF_MS) ids.add(o.user_id);
          }
          return ids.size;
        };
        const get = (p: string, s: string) => rows.find((x) => x.period === p && x.status === s)!.users;
        periods.forEach((p, k) => {
          assert.equal(get(p, 'new') + get(p, 'returning') + get(p, 'resurrecting'), active(p), p);
          if (k > 0) assert.equal(get(p, 'dormant'), active(periods[k - 1]) - get(p, 'returning'), p);
        });
      }),
      { numRuns: 40 },
    );
  });
});
