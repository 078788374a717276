import { SpecError } from '../../errors.js';
import type { CampaignReview } from './campaign.js';

/** The groups of a review whose users can be listed. */
export const CAMPAIGN_GROUPS = [
  'targeted',
  'recalled',
  'notRecalled',
  'holdout',
  'usedTwo',
  'usedOne',
  'usedNone',
] as const;
export type CampaignGroup = (typeof CAMPAIGN_GROUPS)[number];

/**
 * The user ids behind a count of a campaign review, e.g. the users not recalled (未召回用户) for an SMS
 * reminder. `usedTwo` means two or more coupons used.
 * @param review a result of {@link campaignReview}
 * @param group which users
 * @param tier only users of this tier label
 * @returns user ids in the order of the review's users table
 * @example campaignUsersIn(review, 'notRecalled', '20000-49999')
 */
export function campaignUsersIn(review: CampaignReview, group: CampaignGroup, tier?: string): string[] {
  if (!CAMPAIGN_GROUPS.includes(group)) throw new SpecError('group', group, CAMPAIGN_GROUPS);
  const t = review.users;
  const ids = t.array('user_id') as string[];
  const g = t.array('group') as string[];
  const tiers = t.array('tier') as (string | null)[];
  const recalled = t.array('recalled') as boolean[];
  const used = t.array('couponsUsed') as number[];
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (tier !== undefined && tiers[i] !== tier) continue;
    const targeted = g[i] === 'targeted';
    const keep =
      group === 'holdout'
        ? !targeted
        : targeted &&
          (group === 'targeted' ||
            (group === 'recalled' && recalled[i]) ||
            (group === 'notRecalled' && !recalled[i]) ||
            (group === 'usedTwo' && used[i] >= 2) ||
            (group === 'usedOne' && used[i] === 1) ||
            (group === 'usedNone' && used[i] === 0));
    if (keep) out.push(ids[i]);
  }
  return out;
}
