import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { ClvModelFit } from '../metrics/clv/likelihood.js';
import { fupanTable, type FupanTablePayload } from './fupanTable.js';

/**
 * Fitted models as one arquero table (模型参数): one row per (model, parameter) with estimate and standard
 * error, and each model's log-likelihood, iterations and verdict.
 * @param fits fits of any CLV models
 * @returns model, parameter, estimate, standard_error, log_likelihood, iterations, converged, reason, penalizer
 */
export function clvFitRows(fits: readonly ClvModelFit[]): ColumnTable {
  const rows = fits.flatMap((f) =>
    Object.entries(f.params).map(([parameter, estimate]) => ({
      model: f.model,
      parameter,
      estimate,
      standard_error: f.standardErrors[parameter],
      log_likelihood: f.logLikelihood,
      iterations: f.iterations,
      converged: f.converged,
      reason: f.reason,
      penalizer: f.penalizer,
    })),
  );
  return aq.from(rows);
}

/** The papers' names of the models (模型名称), by the id a fit carries. */
const MODEL_NAMES: Record<string, string> = {
  bgnbd: 'BG/NBD',
  mbgnbd: 'MBG/NBD',
  paretoNbd: 'Pareto/NBD',
  gammaGamma: 'Gamma-Gamma',
  sbg: 'sBG',
};

/** Parameters as the papers write them: α, β, γ rather than alpha, beta, gamma. */
const GREEK: Record<string, string> = { alpha: 'α', beta: 'β', gamma: 'γ' };

/**
 * The fits as a Fupan table for `display()`: models by the papers' names (a penalised fit says so, so two
 * fits of one model tell apart) and parameters as the papers write them.
 * @param fits fits of any CLV models
 */
export function clvFitTable(fits: readonly ClvModelFit[]): FupanTablePayload {
  const rows = (clvFitRows(fits).objects() as Record<string, unknown>[]).map((r) => {
    const name = MODEL_NAMES[r.model as string] ?? (r.model as string);
    const penalizer = r.penalizer as number;
    return {
      ...r,
      model: penalizer > 0 ? `${name} (penalizer ${penalizer})` : name,
      parameter: GREEK[r.parameter as string] ?? r.parameter,
    };
  });
  return fupanTable(rows, {
    title: 'CLV model fits (maximum likelihood)',
    titleZh: '模型参数估计',
    columns: {
      model: { label: 'Model', labelZh: '模型', format: 'string' },
      parameter: { label: 'Parameter', labelZh: '参数', format: 'string' },
      estimate: { label: 'Estimate', labelZh: '估计值', format: 'number', digits: 4 },
      standard_error: { label: 'Std. error', labelZh: '标准误', format: 'number', digits: 4 },
      log_likelihood: { label: 'Log-likelihood', labelZh: '对数似然', format: 'number', digits: 2 },
      iterations: { label: 'Iterations', labelZh: '迭代次数', format: 'integer' },
      reason: { label: 'Verdict', labelZh: '收敛判断', format: 'string' },
    },
    select: ['model', 'parameter', 'estimate', 'standard_error', 'log_likelihood', 'iterations', 'reason'],
    notes: ['standard errors from the inverse Hessian of −LL at the estimate'],
  });
}

/**
 * Actual vs predicted holdout purchases by calibration frequency as a Fupan table (模型校验).
 * @param holdout what clvHoldoutByFrequency returned
 */
export function clvHoldoutTable(holdout: ColumnTable): FupanTablePayload {
  return fupanTable(holdout, {
    title: 'Holdout purchases by calibration frequency: actual vs predicted',
    titleZh: '验证期购买次数:实际 vs 预测',
    columns: {
      frequency: { label: 'Repeat purchases in calibration', labelZh: '校准期复购次数', format: 'string' },
      customers: { label: 'Customers', labelZh: '客户数', format: 'integer' },
      actual: { label: 'Actual (mean)', labelZh: '实际(均值)', format: 'number', digits: 3 },
      predicted: { label: 'Predicted (mean)', labelZh: '预测(均值)', format: 'number', digits: 3 },
      actual_total: { label: 'Actual (total)', labelZh: '实际(合计)', format: 'integer' },
      predicted_total: { label: 'Predicted (total)', labelZh: '预测(合计)', format: 'number', digits: 1 },
    },
  });
}

/**
 * Per-customer predictions as a Fupan table (客户价值预测): the first `top` customers (order the predictions
 * first, e.g. by CLV), then a Total row (合计) over every customer of the expected purchases and the CLV;
 * a mean spend or a probability summed means nothing, so those stay blank there.
 * @param predictions what clvPredictions returned
 * @param top customers shown before the total (default 20)
 */
export function clvPredictionsTable(predictions: ColumnTable, top = 20): FupanTablePayload {
  return fupanTable(predictions, {
    title: 'Customer predictions',
    titleZh: '客户预测',
    top,
    totals: ['expected_purchases', 'clv'],
    columns: {
      user_id: { label: 'User', labelZh: '用户', format: 'string' },
      p_alive: { label: 'P(alive)', labelZh: '存活概率', format: 'percent', digits: 1, heat: true },
      p_alive_after: {
        label: 'P(alive) later',
        labelZh: '未来存活概率',
        format: 'percent',
        digits: 1,
        heat: true,
      },
      expected_purchases: {
        label: 'Expected purchases',
        labelZh: '预期购买次数',
        format: 'number',
        digits: 3,
      },
      expected_spend: { label: 'Expected spend', labelZh: '预期客单价', format: 'currency', digits: 2 },
      clv: {
        label: 'CLV (discounted)',
        labelZh: '客户终身价值(折现)',
        format: 'currency',
        digits: 2,
        heat: true,
      },
    },
  });
}
