/** Customer lifetime value (客户终身价值): the summary, buy-till-you-die models, predictions. */
export { clvSummary, type ClvSummary, type ClvSummaryCounts } from './summary.js';
export { resolveClvSummarySpec, type ClvSummarySpec, type ResolvedClvSummarySpec } from './spec.js';
