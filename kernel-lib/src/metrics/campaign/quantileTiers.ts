import { InputError, SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, rejectUnknownKeys } from '../../spec.js';
import type { CampaignData } from './inputs.js';
import { readCampaignInputs } from './inputs.js';
import { defaultTierLabels, resolveCampaignSpec, type TierSpec } from './spec.js';
import { tierValues } from './tiers.js';
import { tableZones } from '../../time/context.js';

/** What {@link quantileTiers} cuts: the campaign (as in its review spec) and the per-user value. */
export interface QuantileTierSpec {
  /** First day of the campaign (`YYYY-MM-DD`) or an ISO instant, as `CampaignReviewSpec.start`. */
  start: string;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Only coupons of this campaign. @default all coupons */
  campaignId?: string;
  /** The per-user value, as `TierSpec.by` (`'spentBefore'`, `'lastPayoutAmount'` or a column). */
  by: string;
  /** Number of tiers (quantile groups), 2–20. @default 4 */
  quantiles?: number;
}

/** Tiers cut from the data, ready for `CampaignReviewSpec.tiers`, with the rule that made them. */
export interface QuantileTiers extends Required<TierSpec> {
  /** The rule in words, with the number of users whose values were cut. */
  rule: string;
  /** Targeted users with a value (the ones the quantiles are taken over). */
  users: number;
  /** Targeted users without a value (no earlier order, no payout): below every tier. */
  usersWithoutValue: number;
}

/**
 * Tiers (分层) of a campaign's targeted users cut at the quantiles of their own values, so the tiers fit
 * the data instead of an article's yuan bounds: lower bounds at the 0, 1/q, …, (q−1)/q quantiles (the value
 * of rank ⌊k·n/q⌋ among the n targeted users with a value, ascending), rounded down to whole units when
 * every value is at least 1, duplicates dropped (heavy ties give fewer tiers; the rule says how many).
 * The lowest bound is the smallest value, so every user with a value is in a tier.
 * @param data the campaign's tables (as for `campaignReview`)
 * @param spec the campaign and the value to cut
 * @returns `{ by, cuts, labels }` for the review spec, and the rule in words
 * @example const tiers = quantileTiers({ coupons, orders }, { start: '2011-09-01', by: 'spentBefore', quantiles: 4 });
 */
export function quantileTiers(data: CampaignData, spec: QuantileTierSpec): QuantileTiers {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('quantileTiers spec', spec, 'an object');
  rejectUnknownKeys('quantileTiers', spec, ['start', 'timeZone', 'campaignId', 'by', 'quantiles']);
  const by = nonEmptyString('by', spec.by);
  const quantiles = integerIn('quantiles', spec.quantiles, 2, 20, 4);
  const campaign = resolveCampaignSpec(
    {
      start: spec.start,
      ...(spec.timeZone !== undefined ? { timeZone: spec.timeZone } : {}),
      ...(spec.campaignId !== undefined ? { campaignId: spec.campaignId } : {}),
    },
    tableZones(data, spec.timeZone),
  );
  const inputs = readCampaignInputs(data, campaign.campaignId, 'countWithoutOrder');
  const value = tierValues(data, by, inputs.dictionary, campaign.windowStart, campaign.timeZone);
  const values: number[] = [];
  let withoutValue = 0;
  for (let u = 0; u < inputs.targeted.length; u++) {
    if (!inputs.targeted[u]) continue;
    if (Number.isNaN(value[u])) withoutValue += 1;
    else values.push(value[u]);
  }
  if (values.length === 0) {
    throw new InputError(
      `no targeted user has a value for tiers.by "${by}"`,
      { file: by === 'lastPayoutAmount' ? 'payouts' : by === 'spentBefore' ? 'orders' : 'targets' },
      by === 'spentBefore'
        ? `orders before the campaign start (${campaign.start})`
        : 'a value for at least one targeted user',
    );
  }
  values.sort((a, b) => a - b);
  const whole = values[0] >= 1;
  const cuts: number[] = [];
  for (let k = 0; k < quantiles; k++) {
    const v = values[Math.floor((k * values.length) / quantiles)];
    const cut = whole ? Math.floor(v) : v;
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  const labels = defaultTierLabels(cuts);
  const rounded = whole ? ', rounded down to whole units' : '';
  const fewer = cuts.length < quantiles ? ` (${quantiles - cuts.length} fell together on tied values)` : '';
  const rule =
    `tiers of ${by}: ${cuts.length} tiers cut at the ${quantiles}-quantiles of the ${values.length.toLocaleString('en-US')} ` +
    `targeted users' values${rounded}${fewer}` +
    (withoutValue ? `; ${withoutValue.toLocaleString('en-US')} targeted users have no value` : '');
  return { by, cuts, labels, rule, users: values.length, usersWithoutValue: withoutValue };
}
