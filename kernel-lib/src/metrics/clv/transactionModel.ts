import { SpecError } from '../../errors.js';
import { bgNbdExpected, bgNbdPAlive, type BgNbdParam } from './bgnbd.js';
import type { ClvModelFit } from './likelihood.js';
import { mbgNbdExpected, mbgNbdPAlive } from './mbgnbd.js';
import { paretoNbdExpected, paretoNbdPAlive, type ParetoNbdParam } from './paretoNbd.js';

/** A fitted purchase model's per-customer predictions. */
export interface TransactionModel {
  /** P(alive) of a customer with (x, t_x, T). */
  pAlive(x: number, tx: number, T: number): number;
  /** Expected purchases in the next `t` units. */
  expected(t: number, x: number, tx: number, T: number): number;
}

/** The fitted purchase models (BG/NBD, MBG/NBD, Pareto/NBD). */
export const TRANSACTION_MODELS = ['bgnbd', 'mbgnbd', 'paretoNbd'] as const;

/**
 * The predictions of a fitted purchase model.
 * @param fit what fitBgNbd, fitMbgNbd or fitParetoNbd returned
 */
export function transactionModel(fit: ClvModelFit): TransactionModel {
  if (fit.model === 'bgnbd' || fit.model === 'mbgnbd') {
    const p = fit.params as Record<BgNbdParam, number>;
    const [alive, expected] =
      fit.model === 'bgnbd' ? [bgNbdPAlive, bgNbdExpected] : [mbgNbdPAlive, mbgNbdExpected];
    return { pAlive: (x, tx, T) => alive(p, x, tx, T), expected: (t, x, tx, T) => expected(p, t, x, tx, T) };
  }
  if (fit.model === 'paretoNbd') {
    const p = fit.params as Record<ParetoNbdParam, number>;
    return {
      pAlive: (x, tx, T) => paretoNbdPAlive(p, x, tx, T),
      expected: (t, x, tx, T) => paretoNbdExpected(p, t, x, tx, T),
    };
  }
  throw new SpecError('purchase model', fit.model, TRANSACTION_MODELS);
}
