import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { backtestWarnings } from '../../../kernel-lib/src/metrics/churn/backtest.js';
import { churn } from '../../../kernel-lib/src/metrics/churn/churn.js';
import { campaignReview } from '../../../kernel-lib/src/metrics/campaign/campaign.js';
import { fitBgNbd } from '../../../kernel-lib/src/metrics/clv/bgnbd.js';
import { clvHoldoutByFrequency, clvTracking } from '../../../kernel-lib/src/metrics/clv/calibration.js';
import { sbgCohortProjection } from '../../../kernel-lib/src/metrics/clv/sbgCohorts.js';
import { cohortMatrix } from '../../../kernel-lib/src/metrics/cohort/cohort.js';
import { activeUsers } from '../../../kernel-lib/src/metrics/activeUsers/activeUsers.js';
import { funnel } from '../../../kernel-lib/src/metrics/funnel/funnel.js';
import { retentionByPastInvestments } from '../../../kernel-lib/src/metrics/lifecycle/habit.js';
import { lifecycle } from '../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { lifecycleSnapshots } from '../../../kernel-lib/src/metrics/lifecycle/transitions.js';
import { lifecycleTrend } from '../../../kernel-lib/src/metrics/lifecycle/trend.js';
import { retention } from '../../../kernel-lib/src/metrics/retention/retention.js';
import { maxOf, minOf } from '../../../kernel-lib/src/math/extent.js';
import { rfm, rfmMigration } from '../../../kernel-lib/src/metrics/rfm/index.js';
import * as campaignFigures from '../../../kernel-lib/src/present/campaignFigures.js';
import * as churnFigures from '../../../kernel-lib/src/present/churnFigures.js';
import * as clvFigures from '../../../kernel-lib/src/present/clvFigures.js';
import { cohortHeatmap } from '../../../kernel-lib/src/present/cohortFigures.js';
import { FONT_FAMILY } from '../../../kernel-lib/src/present/fonts.js';
import { funnelChart } from '../../../kernel-lib/src/present/funnelFigures.js';
import * as lifecycleFigures from '../../../kernel-lib/src/present/lifecycleFigures.js';
import { mimeBundle } from '../../../kernel-lib/src/present/notebook.js';
import {
  PLOTLY_MIME,
  horizontalBarLayout,
  withBaseLayout,
  type PlotlyFigure,
} from '../../../kernel-lib/src/present/plotly.js';
import { activeUsersChart } from '../../../kernel-lib/src/present/activeUsersFigures.js';
import { retentionCurves } from '../../../kernel-lib/src/present/retentionFigures.js';
import * as rfmFigures from '../../../kernel-lib/src/present/rfmFigures.js';
import { cdnowOrders } from '../../../datasets/cdnow/cdnow.js';
import { cohortOrders } from '../../support/cohortOrders.js';
import * as campaign from '../metrics/campaign/fixture.js';
import { cdnowCalibration } from '../metrics/clv/cdnowCalibration.js';
import { AS_OF, data } from '../metrics/lifecycle/fixture.js';
import { fiveUsers } from '../metrics/rfm/fixture.js';

const PRESENT = join(__dirname, '../../../kernel-lib/src/present');

/**
 * Every exported function of present/ that returns a plotly figure, found in the source (its signature ends
 * at the first `): <return type> {` line), except plotlyFigure itself, which every builder calls.
 */
function figureBuilders(): string[] {
  const names: string[] = [];
  for (const file of readdirSync(PRESENT).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(PRESENT, file), 'utf8');
    for (const chunk of source.split('\nexport function ').slice(1)) {
      const returns = /\): ([^{]+) \{\n/.exec(chunk)?.[1] ?? '';
      const name = /^\w+/.exec(chunk)![0];
      if (/^PlotlyFigure( \| null)?$/.test(returns) && name !== 'plotlyFigure') names.push(name);
    }
  }
  return names.sort();
}

/** One figure from every builder, on small fixtures. */
function everyFigure(): Record<string, PlotlyFigure | null> {
  const churned = churn(data, { asOf: AS_OF });
  const rules = {
    rules: [
      {
        id: 'quiet',
        level: 'high' as const,
        when: { all: [{ daysSinceLast: { event: 'login' }, gt: 8 }, { balance: { lt: 100 } }] },
      },
    ],
  };
  const snaps = lifecycleSnapshots(data, { asOf: AS_OF }, { from: '2017-01-01' });
  const review = campaignReview(
    { coupons: campaign.coupons, orders: campaign.orders, targets: campaign.targets },
    campaign.spec,
  );
  const segments = rfm(fiveUsers(), { scoring: { method: 'mean' } });
  const earlier = rfm(fiveUsers(), { scoring: { method: 'mean' }, asOf: '2020-01-06' });
  const summary = cdnowCalibration();
  const fit = fitBgNbd(summary);
  const events = aq.from([
    { user_id: 'a', ts: '2024-01-01T10:00:00Z', event: 'view' },
    { user_id: 'a', ts: '2024-01-02T10:00:00Z', event: 'buy' },
    { user_id: 'b', ts: '2024-01-01T10:00:00Z', event: 'view' },
  ]);
  const matrix = cohortMatrix(cohortOrders, { amount: 'amount', asOf: '2024-03-15' });
  return {
    activeUsersChart: activeUsersChart(activeUsers(events)),
    backtestBars: churnFigures.backtestBars(
      backtestWarnings(data, rules, { asOf: '2017-01-15', horizonDays: 30 }),
    ),
    campaignComparisonBars: campaignFigures.campaignComparisonBars(review),
    campaignTermBars: campaignFigures.campaignTermBars(review),
    campaignUsageBars: campaignFigures.campaignUsageBars(review),
    churnByMonthBars: churnFigures.churnByMonthBars(churned),
    churnByStageBars: churnFigures.churnByStageBars(churned),
    churnedSignupBars: churnFigures.churnedSignupBars(churned),
    clvFrequencyRecencyHeatmap: clvFigures.clvFrequencyRecencyHeatmap(fit, {
      T: 38,
      steps: 4,
      maxFrequency: 4,
    }),
    clvHoldoutBars: clvFigures.clvHoldoutBars(clvHoldoutByFrequency(summary, fit)),
    clvTrackingPlot: clvFigures.clvTrackingPlot(clvTracking(cdnowOrders(), summary, fit)),
    cohortHeatmap: cohortHeatmap(matrix),
    funnelChart: funnelChart(funnel(events, { steps: [{ event: 'view' }, { event: 'buy' }] })),
    habitRetentionBars: lifecycleFigures.habitRetentionBars(
      retentionByPastInvestments(data.orders!, { asOf: AS_OF, withinDays: 30 }),
    ),
    lifecycleTrendBars: lifecycleFigures.lifecycleTrendBars(lifecycleTrend(data, { asOf: AS_OF })),
    retentionCurves: retentionCurves(retention(events, { days: [1] })),
    rfmHeatmap: rfmFigures.rfmHeatmap(segments),
    rfmMigrationSankey: rfmFigures.rfmMigrationSankey(rfmMigration(earlier, segments)),
    rfmSegmentBars: rfmFigures.rfmSegmentBars(segments),
    sbgCurves: clvFigures.sbgCurves(sbgCohortProjection(matrix, { horizon: 3, survivors: 'lastActive' })),
    stageBars: lifecycleFigures.stageBars(lifecycle(data, { asOf: AS_OF })),
    stageSankey: lifecycleFigures.stageSankey(snaps),
    stageTrend: lifecycleFigures.stageTrend(snaps),
  };
}

describe('figure layouts (issue 17: charts that read well)', function () {
  this.timeout(60_000);
  const figures = everyFigure();

  it('this test builds a figure from every figure builder in present/', () => {
    assert.deepEqual(Object.keys(figures).sort(), figureBuilders());
  });

  it('every figure carries the CJK font fallback, so Chinese labels never render as boxes', () => {
    for (const [name, figure] of Object.entries(figures)) {
      assert.ok(figure, `${name} drew nothing on its fixture`);
      const font = figure.layout.font as { family?: string } | undefined;
      assert.equal(font?.family, FONT_FAMILY, name);
    }
    assert.match(FONT_FAMILY, /"Noto Sans CJK SC".*"PingFang SC".*"Microsoft YaHei".*sans-serif$/);
  });

  it('a figure written in a notebook cell gets the font when displayed; its own family wins', () => {
    const plain = mimeBundle({ data: [], layout: { title: { text: '流失' }, font: { size: 14 } } });
    assert.deepEqual((plain[PLOTLY_MIME] as PlotlyFigure).layout.font, { size: 14, family: FONT_FAMILY });
    const own = mimeBundle({ data: [], layout: { font: { family: 'serif' } } });
    assert.deepEqual((own[PLOTLY_MIME] as PlotlyFigure).layout.font, { family: 'serif' });
  });

  it('retention curves space day 1, 7, 14 and 30 by value on a numeric axis, each labelled', () => {
    const days = [0, 1, 7, 14, 30].map((d) => ({
      user_id: 'a',
      ts: new Date(Date.UTC(2024, 0, 1 + d, 10)).toISOString(),
    }));
    const fig = retentionCurves(retention(aq.from(days), { days: [1, 7, 14, 30], asOf: '2024-03-01' }));
    const line = fig.data.find((d) => d.mode === 'lines+markers')!;
    assert.deepEqual(line.x, [1, 7, 14, 30]);
    const axis = fig.layout.xaxis as Record<string, unknown>;
    assert.equal(axis.type, 'linear');
    assert.deepEqual(axis.tickvals, [1, 7, 14, 30]);
    assert.deepEqual(axis.ticktext, ['1', '7', '14', '30']);
  });

  it('labels outside bars are not clipped and axes make room for their labels', () => {
    for (const [name, figure] of Object.entries(figures)) {
      for (const trace of figure!.data) {
        if (trace.textposition === 'outside') assert.equal(trace.cliponaxis, false, name);
      }
      if (figure!.data.some((t) => t.type !== 'sankey')) {
        for (const axis of ['xaxis', 'yaxis']) {
          assert.equal(
            (figure!.layout[axis] as { automargin?: boolean }).automargin,
            true,
            `${name} ${axis}`,
          );
        }
      }
    }
  });

  it('heat maps colour the range of their values, not 0 to 1 (a rate: the range after offset 0)', () => {
    const heat = figures.cohortHeatmap!.data[0];
    // Offset 0 of a retention rate is 100 % by definition; the colours span the retention after it.
    const values = (heat.z as (number | null)[][])
      .flatMap((row) => row.slice(1))
      .filter((v): v is number => v !== null);
    const [low, high] = [minOf(values), maxOf(values)];
    assert.ok(low > 0 || high < 1, 'the fixture does not span 0..1');
    assert.ok(high < 1, 'the fixture retains less than everyone after offset 0');
    assert.equal(heat.zmin, low);
    assert.equal(heat.zmax, high);
    const active = cohortHeatmap(
      cohortMatrix(cohortOrders, { amount: 'amount', asOf: '2024-03-15' }),
      'active',
    ).data[0];
    const counts = (active.z as (number | null)[][]).flat().filter((v): v is number => v !== null);
    assert.equal(active.zmax, maxOf(counts), 'counts span every offset');
  });

  it('every heat map runs from pale at its lowest value to dark or green at its highest', () => {
    const lightness = (hex: string) =>
      [1, 3, 5].reduce((sum, i) => sum + parseInt(hex.slice(i, i + 2), 16), 0) / (3 * 255);
    for (const [name, figure] of Object.entries(figures)) {
      for (const trace of figure!.data.filter((t) => t.type === 'heatmap')) {
        const scale = trace.colorscale as [number, string][];
        assert.ok(Array.isArray(scale), `${name}: a named plotly scale ('Blues' runs dark to pale)`);
        assert.ok(!trace.reversescale, name);
        const [low, high] = [scale[0][1], scale[scale.length - 1][1]];
        assert.ok(lightness(low) > lightness(high) || /^#1a98/.test(high), `${name}: ${low} → ${high}`);
      }
    }
  });

  it('horizontal bars: one row per category, first on top, the figure as tall as its rows', () => {
    const bars = figures.rfmSegmentBars!;
    assert.equal(bars.data[0].orientation, 'h');
    assert.equal((bars.data[0].y as string[]).length, 8);
    const yaxis = bars.layout.yaxis as Record<string, unknown>;
    assert.equal(yaxis.autorange, 'reversed');
    assert.equal(yaxis.automargin, true);
    const one = horizontalBarLayout(8, 1).height;
    const four = horizontalBarLayout(8, 4).height;
    assert.equal(bars.layout.height, one);
    assert.ok(four > one, 'grouped bars get taller rows');
    assert.ok((four - 160) / 8 >= 4 * 12, 'at least 12 px a bar');
    const events = aq.from(
      ['a', 'b', 'c'].flatMap((u, i) => [
        { user_id: u, ts: '2024-01-01T10:00:00Z', event: 'view', channel: i ? 'ads' : 'organic' },
        { user_id: u, ts: '2024-01-01T11:00:00Z', event: 'buy', channel: i ? 'ads' : 'organic' },
      ]),
    );
    const byChannel = funnelChart(
      funnel(events, { steps: [{ event: 'view' }, { event: 'buy' }], breakdownBy: 'channel' }),
      { byBreakdown: true },
    );
    assert.equal(byChannel.data.length, 2);
    assert.equal(byChannel.layout.height, horizontalBarLayout(2, 2).height);
    for (const t of byChannel.data) assert.deepEqual(t.connector, { visible: false });
  });

  it('long bilingual axis titles go on two lines, English over Chinese; short ones stay', () => {
    const holdout = figures.clvHoldoutBars!.layout;
    assert.equal(
      (holdout.yaxis as { title: { text: string } }).title.text,
      'mean purchases in holdout<br>验证期人均购买次数',
    );
    assert.equal(
      (figures.clvTrackingPlot!.layout.xaxis as { title: { text: string } }).title.text,
      'end of period · 周期末',
    );
    const twice = withBaseLayout(
      withBaseLayout({ yaxis: { title: { text: 'a long English axis title · 中文 · 二' } } }),
    );
    assert.equal(
      (twice.yaxis as { title: { text: string } }).title.text,
      'a long English axis title<br>中文 · 二',
    );
  });
});
