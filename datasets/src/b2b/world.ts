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

export const CHANNEL_PROFILES: Record<Channel, ChannelProfile> = {
  ground_push: {
    share: 0.34,
    funnel: [0.86, 0.97, 0.9, 0.95],
    engagement: 0.9,
    buyer: 1.1,
    platforms: [0.45, 0.15, 0.4],
    costPerVisitor: 24,
    utmSource: 'ditui',
    utmMedium: 'qrcode',
  },
  baidu_sem: {
    share: 0.2,
    funnel: [0.42, 0.95, 0.85, 0.93],
    engagement: 0.95,
    buyer: 0.9,
    platforms: [0.6, 0.15, 0.25],
    costPerVisitor: 8,
    utmSource: 'baidu',
    utmMedium: 'cpc',
  },
  wechat: {
    share: 0.16,
    funnel: [0.62, 0.96, 0.88, 0.95],
    engagement: 1.15,
    buyer: 1.0,
    platforms: [0.7, 0.12, 0.18],
    costPerVisitor: 6,
    utmSource: 'wechat',
    utmMedium: 'social',
  },
  douyin: {
    share: 0.1,
    funnel: [0.3, 0.9, 0.7, 0.9],
    engagement: 0.7,
    buyer: 0.6,
    platforms: [0.5, 0.2, 0.3],
    costPerVisitor: 4,
    utmSource: 'douyin',
    utmMedium: 'feed',
  },
  organic: {
    share: 0.12,
    funnel: [0.55, 0.97, 0.9, 0.96],
    engagement: 1.2,
    buyer: 1.1,
    platforms: [0.3, 0.3, 0.4],
    costPerVisitor: 0,
    utmSource: '',
    utmMedium: '',
  },
  invite: {
    share: 0.08,
    funnel: [0.75, 0.97, 0.9, 0.96],
    engagement: 1.1,
    buyer: 1.05,
    platforms: [0.5, 0.2, 0.3],
    costPerVisitor: 0,
    utmSource: 'invite',
    utmMedium: 'referral',
  },
};

/** Departments that own channel codes (渠道码), with their Chinese names for the data card. */
export const DEPARTMENTS = ['gz_ground', 'xa_ground', 'east_ground', 'marketing', 'growth'] as const;

/** A channel code (渠道码): bound to one promoter in one department; each makes its own sign-up link. */
export interface ChannelCode {
  code: string;
  channel: Channel;
  promoter: string;
  department: (typeof DEPARTMENTS)[number];
  campaign: string;
  content: string;
  term: string;
  /** Relative share of the channel's sign-ups. */
  weight: number;
}

const ground: ChannelCode[] = [];
const groundTeams: [(typeof DEPARTMENTS)[number], string, number][] = [
  ['gz_ground', 'GZ', 7],
  ['xa_ground', 'XA', 5],
  ['east_ground', 'HZ', 4],
];
let promoterNo = 0;
for (const [department, city, n] of groundTeams) {
  for (let i = 1; i <= n; i++) {
    promoterNo++;
    ground.push({
      code: `DT-${city}-${String(i).padStart(3, '0')}`,
      channel: 'ground_push',
      promoter: `P${String(promoterNo).padStart(3, '0')}`,
      department,
      campaign: `ditui_${city.toLowerCase()}_2019`,
      content: 'qrcode',
      term: '',
      // Promoters differ a lot in how many shops they sign up.
      weight: 0.4 + ((i * 7) % 5) * 0.35,
    });
  }
}

/** Every channel code of the platform. */
export const CHANNEL_CODES: ChannelCode[] = [
  ...ground,
  {
    code: 'SEM-BD-001',
    channel: 'baidu_sem',
    promoter: 'P101',
    department: 'marketing',
    campaign: 'brand_words',
    content: 'text_ad',
    term: '服装批发',
    weight: 1.5,
  },
  {
    code: 'SEM-BD-002',
    channel: 'baidu_sem',
    promoter: 'P101',
    department: 'marketing',
    campaign: 'category_words',
    content: 'text_ad',
    term: '女装货源',
    weight: 1,
  },
  {
    code: 'SEM-BD-003',
    channel: 'baidu_sem',
    promoter: 'P102',
    department: 'marketing',
    campaign: 'competitor_words',
    content: 'text_ad',
    term: '一手货源 广州',
    weight: 0.6,
  },
  {
    code: 'WX-MP-001',
    channel: 'wechat',
    promoter: 'P201',
    department: 'growth',
    campaign: 'official_account',
    content: 'article',
    term: '',
    weight: 1,
  },
  {
    code: 'WX-GRP-002',
    channel: 'wechat',
    promoter: 'P202',
    department: 'growth',
    campaign: 'shop_owner_groups',
    content: 'mini_card',
    term: '',
    weight: 0.8,
  },
  {
    code: 'DY-FEED-001',
    channel: 'douyin',
    promoter: 'P103',
    department: 'marketing',
    campaign: 'spring_new',
    content: 'video_15s',
    term: '',
    weight: 1,
  },
  {
    code: 'DY-FEED-002',
    channel: 'douyin',
    promoter: 'P103',
    department: 'marketing',
    campaign: 'summer_sale',
    content: 'video_30s',
    term: '',
    weight: 0.7,
  },
  {
    code: 'ORGANIC',
    channel: 'organic',
    promoter: '',
    department: 'growth',
    campaign: '',
    content: '',
    term: '',
    weight: 1,
  },
  {
    code: 'INVITE',
    channel: 'invite',
    promoter: '',
    department: 'growth',
    campaign: 'invite_friends',
    content: 'share_link',
    term: '',
    weight: 1,
  },
];

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
