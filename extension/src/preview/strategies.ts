import type { RfmSpec } from '@fupan/kernel-lib';
import type { PreviewStrategy } from '../shared/previewMessages.js';

/**
 * The RFM spec of each threshold strategy the preview offers (RFM 阈值): scores 1–5 by quantile with high =
 * above the mean score, high/low by the mean (均值), or high/low by the 80/20 rule (二八原则). Everything else
 * stays at kernel-lib's documented defaults (as-of day = the day after the last order, all orders, UTC).
 * @param strategy the strategy picked in the webview
 * @returns the spec passed to `rfm()`
 * @example strategySpec('mean') // { scoring: { method: 'mean' } }
 */
export function strategySpec(strategy: PreviewStrategy): RfmSpec {
  switch (strategy) {
    case 'quantile':
      return { scoring: { method: 'quantile', bins: 5 } };
    case 'mean':
      return { scoring: { method: 'mean' } };
    case 'pareto':
      return { scoring: { method: 'pareto', share: 0.8 } };
  }
}
