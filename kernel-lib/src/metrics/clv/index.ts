/** Customer lifetime value (客户终身价值): the summary, buy-till-you-die models, predictions. */
export { clvSummary } from './summary.js';
export { type ClvSummary, type ClvSummaryCounts } from './summaryResult.js';
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
export {
  fitParetoNbd,
  paretoNbdPAlive,
  paretoNbdExpected,
  PARETO_NBD_PARAMS,
  type ParetoNbdFit,
  type ParetoNbdParam,
} from './paretoNbd.js';
export { fitMbgNbd, mbgNbdPAlive, mbgNbdExpected, type MbgNbdFit } from './mbgnbd.js';
export {
  fitGammaGamma,
  gammaGammaExpectedSpend,
  GAMMA_GAMMA_PARAMS,
  type GammaGammaFit,
  type GammaGammaParam,
} from './gammaGamma.js';
export { fitSbg, sbgSurvival, sbgRetentionRates, type SbgFit, type SbgParam } from './sbg.js';
export { transactionModel, TRANSACTION_MODELS, type TransactionModel } from './transactionModel.js';
export { clvPredictions, type ClvPredictionSpec } from './predictions.js';
export { clvUsersIn } from './usersIn.js';
export {
  sbgCohortProjection,
  type SbgCohortSpec,
  type SbgCohortProjection,
  type SurvivorRule,
} from './sbgCohorts.js';
export { clvHoldoutByFrequency, clvTracking } from './calibration.js';
