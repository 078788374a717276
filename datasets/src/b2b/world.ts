import { SHANGHAI } from '../clock.js';

/**
 * The B2B e-commerce platform's world (article 002: a fashion trade hub selling to small shops across
 * China through several product lines): calendar, channels and their codes, promoters, departments,
 * platforms and the behavioural parameters. Parameters are mechanisms, tuned once to the article.
 */

export const SIGNUP_START = SHANGHAI.dayStart('2019-03-01');
export const SIGNUP_END = SHANGHAI.dayStart('2019-09-01');
/** Data end (exclusive): 2019-12-01 local, so every sign-up has 90 days of follow-up. */
export const DATA_END = SHANGHAI.dayStart('2019-12-01');

/** Product lines (产品线). */
export const PRODUCT_LINES = ['yiding', 'kuaiban', 'fuyuntong', 'fumaotong'] as const;
export type ProductLine = (typeof PRODUCT_LINES)[number];
export const PRODUCT_LINE_WEIGHTS = [0.55, 0.2, 0.15, 0.1];
/** Median order value per product line (yuan): wholesale goods, sample-making, logistics, trade services. */
export const ORDER_MEDIAN: Record<ProductLine, number> = {
  yiding: 1800,
  kuaiban: 450,
  fuyuntong: 260,
  fumaotong: 3200,
};
/** Catalogue size per product line (product ids like `YD-00042`). */
export const CATALOGUE: Record<ProductLine, { prefix: string; size: number }> = {
  yiding: { prefix: 'YD', size: 400 },
  kuaiban: { prefix: 'KB', size: 60 },
  fuyuntong: { prefix: 'FY', size: 12 },
  fumaotong: { prefix: 'FM', size: 30 },
};

export const PLATFORMS = ['H5', 'iOS', 'Android'] as const;
export type Platform = (typeof PLATFORMS)[number];
/** Engagement multiplier by platform: app users return more than H5 visitors. */
export const PLATFORM_ENGAGEMENT: Record<Platform, number> = { H5: 0.75, iOS: 1.25, Android: 1.05 };

export const CHANNELS = ['ground_push', 'baidu_sem', 'wechat', 'douyin', 'organic', 'invite'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A channel: its share of sign-ups, sign-up page conversion, quality and cost model. */
export interface ChannelProfile {
  share: number;
  /** Step-by-step conversion on the sign-up page: phone entered, code sent, code entered, success. */
  funnel: [number, number, number, number];
  /** Engagement multiplier of its users (retention). */
  engagement: number;
  /** Chance a user ever buys, relative. */
  buyer: number;
  /** Platform mix [H5, iOS, Android]. */
  platforms: [number, number, number];
  /** Cost per sign-up page visitor (yuan): paid clicks, or promoters paid per shop that scans their code. */
  costPerVisitor: number;
  /** UTM source and medium of its links. */
  utmSource: string;
  utmMedium: string;
}

/** One row of {@link CHANNEL_PROFILES}, in the order of the fields of {@link ChannelProfile}. */
function profile(
  share: number,
  funnel: ChannelProfile['funnel'],
  engagement: number,
  buyer: number,
  platforms: ChannelProfile['platforms'],
  costPerVisitor: number,
  utmSource: string,
  utmMedium: string,
): ChannelProfile {
  return { share, funnel, engagement, buyer, platforms, costPerVisitor, utmSource, utmMedium };
}

export const CHANNEL_PROFILES: Record<Channel, ChannelProfile> = {
  // share, sign-up funnel, engagement, buyer, platforms [H5, iOS, Android], cost per visitor, UTM source, medium
  ground_push: profile(0.34, [0.86, 0.97, 0.9, 0.95], 0.9, 1.1, [0.45, 0.15, 0.4], 24, 'ditui', 'qrcode'),
  baidu_sem: profile(0.2, [0.42, 0.95, 0.85, 0.93], 0.95, 0.9, [0.6, 0.15, 0.25], 8, 'baidu', 'cpc'),
  wechat: profile(0.16, [0.62, 0.96, 0.88, 0.95], 1.15, 1.0, [0.7, 0.12, 0.18], 6, 'wechat', 'social'),
  douyin: profile(0.1, [0.3, 0.9, 0.7, 0.9], 0.7, 0.6, [0.5, 0.2, 0.3], 4, 'douyin', 'feed'),
  organic: profile(0.12, [0.55, 0.97, 0.9, 0.96], 1.2, 1.1, [0.3, 0.3, 0.4], 0, '', ''),
  invite: profile(0.08, [0.75, 0.97, 0.9, 0.96], 1.1, 1.05, [0.5, 0.2, 0.3], 0, 'invite', 'referral'),
};

/** Departments that own channel codes (渠道码), with their Chinese names for the data card. */
export const DEPARTMENTS = ['gz_ground', 'xa_ground', 'east_ground', 'marketing', 'growth'] as const;
type Department = (typeof DEPARTMENTS)[number];

/** A channel code (渠道码): bound to one promoter in one department; each makes its own sign-up link. */
export interface ChannelCode {
  code: string;
  channel: Channel;
  promoter: string;
  department: Department;
  campaign: string;
  content: string;
  term: string;
  /** Relative share of the channel's sign-ups. */
  weight: number;
}

/** One row of {@link CHANNEL_CODES}, in the order of the fields of {@link ChannelCode}. */
function channelCode(
  code: string,
  channel: Channel,
  promoter: string,
  department: Department,
  campaign: string,
  content: string,
  term: string,
  weight: number,
): ChannelCode {
  return { code, channel, promoter, department, campaign, content, term, weight };
}

const ground: ChannelCode[] = [];
const groundTeams: [Department, string, number][] = [
  ['gz_ground', 'GZ', 7],
  ['xa_ground', 'XA', 5],
  ['east_ground', 'HZ', 4],
];
let promoterNo = 0;
for (const [department, city, n] of groundTeams) {
  for (let i = 1; i <= n; i++) {
    promoterNo++;
    ground.push(
      channelCode(
        `DT-${city}-${String(i).padStart(3, '0')}`,
        'ground_push',
        `P${String(promoterNo).padStart(3, '0')}`,
        department,
        `ditui_${city.toLowerCase()}_2019`,
        'qrcode',
        '',
        // Promoters differ a lot in how many shops they sign up.
        0.4 + ((i * 7) % 5) * 0.35,
      ),
    );
  }
}

/** Channel codes of the other channels: one per campaign, ad or link. */
const otherCodes: Parameters<typeof channelCode>[] = [
  // code, channel, promoter, department, campaign, content, term, weight
  ['SEM-BD-001', 'baidu_sem', 'P101', 'marketing', 'brand_words', 'text_ad', '服装批发', 1.5],
  ['SEM-BD-002', 'baidu_sem', 'P101', 'marketing', 'category_words', 'text_ad', '女装货源', 1],
  ['SEM-BD-003', 'baidu_sem', 'P102', 'marketing', 'competitor_words', 'text_ad', '一手货源 广州', 0.6],
  ['WX-MP-001', 'wechat', 'P201', 'growth', 'official_account', 'article', '', 1],
  ['WX-GRP-002', 'wechat', 'P202', 'growth', 'shop_owner_groups', 'mini_card', '', 0.8],
  ['DY-FEED-001', 'douyin', 'P103', 'marketing', 'spring_new', 'video_15s', '', 1],
  ['DY-FEED-002', 'douyin', 'P103', 'marketing', 'summer_sale', 'video_30s', '', 0.7],
  ['ORGANIC', 'organic', '', 'growth', '', '', '', 1],
  ['INVITE', 'invite', '', 'growth', 'invite_friends', 'share_link', '', 1],
];

/** Every channel code of the platform. */
export const CHANNEL_CODES: ChannelCode[] = [...ground, ...otherCodes.map((row) => channelCode(...row))];

/** Reward paid per converted invitation. */
export const INVITE_REWARD = 30;

/**
 * Visit retention of new sign-ups on day N (article 002's reference: day 1 40 %, day 7 20 %, day 30 10 %),
 * as anchors of a curve interpolated in log-log; each user's chance is this times their engagement.
 */
export const RETURN_ANCHORS: [number, number][] = [
  [1, 0.4],
  [7, 0.2],
  [14, 0.145],
  [30, 0.1],
  [90, 0.055],
];
