import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { SpecError } from '../../../kernel-lib/src/errors.js';
import { LIFECYCLE_STAGES } from '../../../kernel-lib/src/metrics/lifecycle/stages.js';
import { WARNING_LEVELS } from '../../../kernel-lib/src/metrics/churn/warnings.js';
import { RFM_SEGMENTS } from '../../../kernel-lib/src/metrics/rfm/segments.js';
import { RFM_MIGRATION_STATES } from '../../../kernel-lib/src/metrics/rfm/migration.js';
import {
  TARGETING_STEPS,
  type WinbackTargetingSpec,
} from '../../../kernel-lib/src/metrics/campaign/targeting.js';
import { labelledRows, labelOf, namesIn } from '../../../kernel-lib/src/present/labels.js';
import { STAGE_LABELS_ZH, STAGE_NAMES } from '../../../kernel-lib/src/present/lifecycleLabels.js';
import { WARNING_LEVEL_NAMES, warningLevelLabel } from '../../../kernel-lib/src/present/churnLabels.js';
import {
  RFM_MIGRATION_STATE_NAMES,
  RFM_SEGMENT_NAMES,
  segmentLabel,
} from '../../../kernel-lib/src/present/rfmLabels.js';
import { targetingStepLabel } from '../../../kernel-lib/src/present/campaignLabels.js';

describe('present labels', () => {
  it('names every code of the compute results, in English and Chinese', () => {
    const cases: [string, readonly string[], Record<string, readonly [string, string]>][] = [
      ['stages', LIFECYCLE_STAGES, STAGE_NAMES],
      ['warning levels', WARNING_LEVELS, WARNING_LEVEL_NAMES],
      ['RFM segments', RFM_SEGMENTS, RFM_SEGMENT_NAMES],
      ['migration states', RFM_MIGRATION_STATES, RFM_MIGRATION_STATE_NAMES],
    ];
    for (const [what, codes, names] of cases) {
      assert.deepEqual(Object.keys(names).sort(), [...codes].sort(), what);
      for (const code of codes) {
        const [en, zh] = names[code];
        assert.match(en, /^[A-Z]/, `${what} ${code} en`);
        assert.match(zh, /[\u4e00-\u9fff]/, `${what} ${code} zh`);
      }
    }
  });

  it('looks a code up and refuses one it does not know, listing the known codes', () => {
    assert.equal(labelOf(STAGE_NAMES, 'growth', 'zh'), '成长期');
    assert.equal(segmentLabel('importantWinBack', 'zh'), '重要挽留客户');
    assert.equal(segmentLabel('importantWinBack', 'en'), 'Important win-back');
    assert.equal(labelOf(RFM_MIGRATION_STATE_NAMES, 'none', 'zh'), '未评分');
    assert.equal(warningLevelLabel('medium'), '中 medium');
    assert.equal(STAGE_LABELS_ZH.introduction, '新手期');
    assert.deepEqual(namesIn(WARNING_LEVEL_NAMES, 'zh'), { high: '高', medium: '中', low: '低' });
    assert.throws(
      () => labelOf(STAGE_NAMES, 'toString' as never, 'en'),
      (e: unknown) =>
        e instanceof SpecError && /invalid code: "toString" \(allowed: "introduction"/.test(e.message),
    );
  });

  it('adds <column>_en and <column>_zh beside the codes of a result table, every row kept', () => {
    const t = aq.table({ stage: ['growth', 'churn', 'growth'], users: [3, 1, 2] });
    assert.deepEqual(labelledRows(t, 'stage', STAGE_NAMES), [
      { stage: 'growth', users: 3, stage_en: 'Growth', stage_zh: '成长期' },
      { stage: 'churn', users: 1, stage_en: 'Churn', stage_zh: '流失期' },
      { stage: 'growth', users: 2, stage_en: 'Growth', stage_zh: '成长期' },
    ]);
    assert.throws(
      () => labelledRows(aq.table({ stage: ['teen'] }), 'stage', STAGE_NAMES),
      /invalid code: "teen"/,
    );
  });

  it('words each targeting step with the values of the spec', () => {
    const spec: WinbackTargetingSpec = {
      start: '2017-03-06',
      minInvestments: 5,
      churnedFrom: '2017-01-01',
      churnedTo: '2017-02-28',
      excludeChannels: ['ads', 'promo'],
      tiers: { cuts: [0], labels: ['all'] },
    };
    assert.deepEqual(
      TARGETING_STEPS.map((s) => targetingStepLabel(s, spec)),
      [
        ['signed up before 2017-03-06', '活动前注册(2017-03-06 之前)'],
        ['channel not in ads, promo', '渠道筛选(排除 ads、promo)'],
        ['5+ investments', '投资 5 次及以上'],
        [
          'churned 2017-01-01 – 2017-02-28, still churned at the start',
          '2017-01-01 至 2017-02-28 期间流失且未回流',
        ],
      ],
    );
    assert.deepEqual(targetingStepLabel('channel', { ...spec, excludeChannels: [] }), [
      'any channel (none screened out)',
      '渠道筛选(未排除渠道)',
    ]);
  });
});
