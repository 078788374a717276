/** Customer lifetime value (客户终身价值): the summary, buy-till-you-die models, predictions. */
export { clvSummary, type ClvSummary, type ClvSummaryCounts } from './summary.js';
export { resolveClvSummarySpec, type ClvSummarySpec, type ResolvedClvSummarySpec } from './spec.js';
export type { ClvSummaryInput } from './customers.js';
export type { ClvFitOptions, ClvModelFit } from './likelihood.js';
export {
  fitBgNbd,
  bgNbdPAlive,
  bgNbdExpected,
  bgNbdUnconditional,
  BG_NBD_PARAMS,
  type BgNbdFit,
  type BgNbdParam,
} from './bgnbd.js';
