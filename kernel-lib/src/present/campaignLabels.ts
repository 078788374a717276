import type { TargetingStep, WinbackTargetingSpec } from '../metrics/campaign/targeting.js';

/**
 * The words of one rule of the targeting funnel (筛选步骤) with the spec's values, English and Chinese.
 * @param step a step code of `winbackTargets().steps`
 * @param spec the result's spec (its start, channels, investments and churn window)
 * @returns `[english, chinese]`
 * @example targetingStepLabel('investments', targeting.spec) // ['5+ investments', '投资 5 次及以上']
 */
export function targetingStepLabel(step: TargetingStep, spec: WinbackTargetingSpec): [string, string] {
  const excluded = spec.excludeChannels ?? [];
  switch (step) {
    case 'signedUp':
      return [`signed up before ${spec.start}`, `活动前注册(${spec.start} 之前)`];
    case 'channel':
      return excluded.length
        ? [`channel not in ${excluded.join(', ')}`, `渠道筛选(排除 ${excluded.join('、')})`]
        : ['any channel (none screened out)', '渠道筛选(未排除渠道)'];
    case 'investments':
      return [`${spec.minInvestments}+ investments`, `投资 ${spec.minInvestments} 次及以上`];
    case 'churned':
      return [
        `churned ${spec.churnedFrom} – ${spec.churnedTo}, still churned at the start`,
        `${spec.churnedFrom} 至 ${spec.churnedTo} 期间流失且未回流`,
      ];
  }
}
