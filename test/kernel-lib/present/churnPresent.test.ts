import assert from 'node:assert/strict';
import { churn } from '../../../kernel-lib/src/metrics/churn/churn.js';
import { evaluateWarnings } from '../../../kernel-lib/src/metrics/churn/warnings.js';
import { backtestWarnings } from '../../../kernel-lib/src/metrics/churn/backtest.js';
import { rewardRules } from '../../../kernel-lib/src/metrics/churn/rewards.js';
import {
  backtestConfusionTable,
  backtestTable,
  churnByChannelTable,
  churnByStageTable,
  rewardsTable,
  warningsTable,
} from '../../../kernel-lib/src/present/churnTables.js';
import {
  backtestBars,
  churnByMonthBars,
  churnByStageBars,
  churnedSignupBars,
} from '../../../kernel-lib/src/present/churnFigures.js';
import { tableHtml } from '../../../kernel-lib/src/present/html.js';
import { AS_OF, data } from '../metrics/lifecycle/fixture.js';

const RULES = {
  rules: [
    {
      id: 'quietPoor',
      level: 'high' as const,
      when: { all: [{ daysSinceLast: { event: 'login' }, gt: 8 }, { balance: { lt: 100 } }] },
    },
  ],
};

describe('churn presentation', () => {
  const result = churn(data, { asOf: AS_OF });

  it('draws churned users per month', () => {
    const fig = churnByMonthBars(result);
    assert.deepEqual(fig.data[0].x, ['2016-10', '2016-11', '2016-12', '2017-01', '2017-02', '2017-03']);
    assert.deepEqual(fig.data[0].y, [1, 0, 3, 2, 3, 0]);
    assert.match(String((fig.layout.title as any).text), /30 days/);
    assert.deepEqual(churnByStageBars(result).data[0].y, [0, 1, 0]);
    const signups = churnedSignupBars(churn(data, { asOf: '2017-03-31' }), { period: 'month' });
    assert.deepEqual(signups.data[0].x, ['2016-10', '2016-11', '2016-12', '2017-01', '2017-02']);
    assert.deepEqual(signups.data[0].y, [1, 2, 1, 2, 2]); // all but u8 have churned by the end of March
  });

  it('tabulates churn by stage and by channel within stage in Chinese and English', () => {
    const byStage = churnByStageTable(result);
    assert.deepEqual(byStage.rows[1], ['成长期', 'Growth', 4, 1, 0.25, 1]);
    assert.deepEqual(
      byStage.columns.slice(0, 2).map((c) => [c.label, c.labelZh]),
      [
        ['Stage (中文)', '阶段'],
        ['Stage', '阶段(英文)'],
      ],
    );
    assert.match(tableHtml(byStage), /流失率/);
    const byChannel = churnByChannelTable(result);
    assert.equal(byChannel.rows.length, 6);
    assert.deepEqual(byChannel.rows[0].slice(0, 2), ['新手期', 'Introduction']);
  });

  it('lists warnings with levels in Chinese', () => {
    const t = warningsTable(evaluateWarnings(data, RULES, AS_OF));
    assert.deepEqual(t.rows, [['u5', '高', 'High', 'quietPoor', 'sms', null]]);
    assert.match(t.notes![0], /7 users evaluated; 高 high: 1/);
  });

  it('shows a backtest with the base rate beside the accuracy', () => {
    const b = backtestWarnings(data, RULES, { asOf: '2017-01-15', horizonDays: 30 });
    const t = backtestTable(b);
    assert.equal(t.rows.length, 4);
    assert.equal(t.rows[0][0], '高 high');
    assert.equal(t.rows[3][0], '合计 all levels');
    assert.deepEqual(backtestBars(b).data[0].x, ['高 high', '中 medium', '低 low']);
    const confusion = backtestConfusionTable(b);
    assert.deepEqual(
      confusion.rows.map((r) => r.slice(0, 2)),
      [
        ['流失', 'Churned'],
        ['留存', 'Stayed'],
      ],
    );
    assert.deepEqual(
      confusion.rows.map((r) => (r[2] as number) + (r[3] as number)),
      [
        b.confusion.truePositive + b.confusion.falseNegative,
        b.confusion.falsePositive + b.confusion.trueNegative,
      ],
    );
    assert.match(t.notes!.join(' '), /base rate/);
    assert.equal(backtestBars(b).data.length, 2);
  });

  it('lists reward grants with the total cost', () => {
    const r = rewardRules(
      data,
      {
        rules: [{ id: 'emptied', when: { balance: { lt: 100 } }, coupon: { value: 1000, threshold: 10000 } }],
      },
      AS_OF,
    );
    const t = rewardsTable(r);
    assert.equal(t.rows.length, r.grants.numRows());
    assert.match(t.notes![0], new RegExp(`total cost if all redeemed: ${r.totalCost}`));
  });
});
