import assert from 'node:assert/strict';
import { lifecycle } from '../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { lifecycleSnapshots } from '../../../kernel-lib/src/metrics/lifecycle/transitions.js';
import { lifecycleTrend } from '../../../kernel-lib/src/metrics/lifecycle/trend.js';
import { lifecycleTree } from '../../../kernel-lib/src/metrics/lifecycle/tree.js';
import { retentionByPastInvestments } from '../../../kernel-lib/src/metrics/lifecycle/habit.js';
import {
  habitRetentionBars,
  lifecycleTrendBars,
  stageBars,
  stageSankey,
  stageTrend,
} from '../../../kernel-lib/src/present/lifecycleFigures.js';
import {
  habitRetentionTable,
  lifecycleStageTable,
  lifecycleTreeTable,
  lifecycleTrendTable,
  transitionTable,
} from '../../../kernel-lib/src/present/lifecycleTables.js';
import { tableHtml } from '../../../kernel-lib/src/present/html.js';
import { AS_OF, data } from '../metrics/lifecycle/fixture.js';

describe('lifecycle presentation', () => {
  const stages = lifecycle(data, { asOf: AS_OF });
  const snaps = lifecycleSnapshots(data, { asOf: AS_OF }, { from: '2017-01-01' });

  it('shows stage counts with bilingual labels and shares as fractions', () => {
    const t = lifecycleStageTable(stages);
    assert.deepEqual(t.rows[3], ['休眠期', 'Dormancy', 3, 3 / 8]);
    assert.equal(t.columns.find((c) => c.name === 'share')!.format, 'percent');
    assert.match(tableHtml(t), /新手期/);
    assert.match(tableHtml(t), /37\.5%/);
    const fig = stageBars(stages);
    assert.deepEqual(fig.data[0].x, [
      '新手期 Introduction',
      '成长期 Growth',
      '成熟期 Maturity',
      '休眠期 Dormancy',
      '流失期 Churn',
    ]);
    assert.deepEqual(fig.data[0].y, [2, 1, 1, 3, 1]);
  });

  it('draws stage flows as a Sankey whose flows into each date add up to that date’s users', () => {
    const fig = stageSankey(snaps);
    const trace = fig.data[0] as any;
    assert.equal(trace.type, 'sankey');
    const into = new Map<string, number>();
    trace.link.target.forEach((t: number, i: number) => {
      const date = trace.node.label[t].split('<br>')[1];
      into.set(date, (into.get(date) ?? 0) + trace.link.value[i]);
    });
    assert.equal(into.get('2017-02-28'), 8); // u8 has not signed up yet
    assert.ok(trace.link.value.every((v: number) => v > 0));
    const one = stageSankey(snaps.transition(1, 2)).data[0] as any;
    assert.equal(
      one.link.value.reduce((a: number, b: number) => a + b, 0),
      8,
    );
  });

  it('draws only moves between different stages when asked, and counts the stayers in the title', () => {
    const t = snaps.transition(1, 2);
    const all = stageSankey(t).data[0] as any;
    const moves = stageSankey(t, { stayers: 'omit' });
    const trace = moves.data[0] as any;
    const stageOf = (i: number) => trace.node.label[i].split('<br>')[0];
    trace.link.source.forEach((s: number, i: number) =>
      assert.notEqual(stageOf(s), stageOf(trace.link.target[i])),
    );
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    const stayed = sum(all.link.value) - sum(trace.link.value);
    assert.ok(stayed > 0);
    assert.match((moves.layout as any).title.text, new RegExp(`${stayed} stayed in their stage`));
    assert.throws(() => stageSankey(t, { stayers: 'hide' } as any), /invalid stayers/);
  });

  it('tabulates a transition matrix with a total column equal to the earlier counts', () => {
    const t = transitionTable(snaps.transition(0, 1));
    const total = t.columns.findIndex((c) => c.name === 'total');
    const before = snaps.counts.filter((d: any) => d.as_of === '2017-01-31').array('users');
    assert.deepEqual(
      t.rows.slice(0, 5).map((r) => r[total]),
      [...before],
    );
    assert.equal(t.rows[5][0], '未注册 Not signed up');
    assert.equal(t.rows[5][total], 2); // u1 and u9 signed up in February
  });

  it('draws stage counts over time, stacked', () => {
    const fig = stageTrend(snaps);
    assert.equal(fig.data.length, 5);
    assert.deepEqual(fig.data[0].x, snaps.dates);
    assert.equal((fig.data[0] as any).stackgroup, 'stages');
    assert.equal(stageTrend(snaps, { mode: 'bar' }).layout.barmode, 'stack');
  });

  it('draws PostHog lifecycle bars with dormant below zero and tabulates them wide', () => {
    const trend = lifecycleTrend(data, { asOf: AS_OF });
    const fig = lifecycleTrendBars(trend);
    const dormant = fig.data[3] as any;
    assert.ok(dormant.y.every((v: number) => v <= 0));
    assert.ok(dormant.y.some((v: number) => v < 0));
    const t = lifecycleTrendTable(trend);
    assert.deepEqual(
      t.columns.map((c) => c.name),
      ['period', 'new', 'returning', 'resurrecting', 'dormant'],
    );
    assert.equal(t.rows.length, trend.counts.numRows() / 4);
  });

  it('tabulates the tree and the habit effect', () => {
    const tree = lifecycleTreeTable(lifecycleTree(data, { asOf: AS_OF }));
    assert.equal(tree.rows.length, 7);
    assert.match(tableHtml(tree), /未首单/);
    const habit = retentionByPastInvestments(data.orders!, { asOf: AS_OF, withinDays: 30 });
    assert.equal(habitRetentionTable(habit).rows.length, 5);
    const bars = habitRetentionBars(habit).data[0] as any;
    assert.deepEqual(bars.x, ['1', '2', '3', '4', '5+']);
  });
});
