import { SpecError } from '../errors.js';
import { CANONICAL_SCHEMAS, CANONICAL_TABLES, toCamelCase, type CanonicalTableName } from './schema.js';

/**
 * Guesses a column mapping from the headers of a user's export (English and Chinese spreadsheet
 * habits). Pure and fast: the VS Code extension calls it to pre-select its quick picks.
 */

/** A guessed mapping: canonical camelCase name → header, with a confidence in (0, 1] per column. */
export interface MappingGuess {
  /** Ready to pass as `load(…, { columns })`. */
  columns: Record<string, string>;
  /** 1 = the header is the canonical name; 0.9 a known alias; 0.3 to 0.6 a header that contains one. */
  confidence: Record<string, number>;
  /** Headers the guess did not use (they load under their own names). */
  unmapped: string[];
}

/** Known headers per canonical column, normalised (lower case, no spaces, `_`, `-` or `.`), best first. */
const ALIASES: Record<string, readonly string[]> = {
  user_id: [
    'userid',
    'uid',
    'user',
    'customerid',
    'custid',
    'customer',
    'memberid',
    'member',
    'clientid',
    'buyerid',
    'accountid',
    '用户id',
    '用户编号',
    '用户',
    '会员id',
    '会员编号',
    '会员',
    '客户id',
    '客户编号',
    '客户',
    '买家id',
    '买家',
    '顾客id',
    '顾客',
    '用户账号',
    '账号',
  ],
  ts: [
    'ts',
    'timestamp',
    'datetime',
    'time',
    'eventtime',
    'ordertime',
    'orderdate',
    'invoicedate',
    'purchasetime',
    'purchasedate',
    'paytime',
    'paidat',
    'paymenttime',
    'transactiontime',
    'createdat',
    'date',
    '下单时间',
    '订单时间',
    '支付时间',
    '付款时间',
    '购买时间',
    '交易时间',
    '投资时间',
    '成交时间',
    '事件时间',
    '发生时间',
    '访问时间',
    '登录时间',
    '时间',
    '日期',
  ],
  amount: [
    'amount',
    'amt',
    'revenue',
    'sales',
    'totalamount',
    'total',
    'payment',
    'paidamount',
    'value',
    '金额',
    '实付金额',
    '订单金额',
    '支付金额',
    '付款金额',
    '消费金额',
    '投资金额',
    '交易金额',
    '销售额',
    '实付',
    '出借金额',
  ],
  order_id: [
    'orderid',
    'orderno',
    'ordernumber',
    'invoiceno',
    'invoice',
    'order',
    '订单id',
    '订单号',
    '订单编号',
    '单号',
  ],
  registered_at: [
    'registeredat',
    'registertime',
    'registrationdate',
    'registrationtime',
    'signupdate',
    'signuptime',
    'signupat',
    'regdate',
    'regtime',
    '注册时间',
    '注册日期',
  ],
  channel: [
    'channel',
    'source',
    'utmsource',
    'channelname',
    '渠道',
    '来源',
    '注册渠道',
    '渠道来源',
    '渠道名称',
  ],
  channel_code: ['channelcode', 'channelid', '渠道编号', '渠道代码', '渠道id'],
  promoter: ['promoter', 'referrer', 'agent', '推广员', '推广人', '业务员'],
  department: ['department', 'dept', 'team', '部门', '团队'],
  platform: ['platform', 'os', 'device', 'client', '平台', '终端', '设备', '客户端'],
  verified_at: ['verifiedat', 'verifytime', 'kyctime', '实名时间', '认证时间', '实名认证时间'],
  card_bound_at: ['cardboundat', 'bindcardtime', 'cardbindtime', '绑卡时间'],
  invited_by: ['invitedby', 'inviter', 'inviterid', '邀请人', '邀请人id'],
  event: [
    'event',
    'eventname',
    'eventtype',
    'action',
    'type',
    '事件',
    '事件名称',
    '行为',
    '行为类型',
    '事件类型',
  ],
  properties: ['properties', 'props', 'attributes', '属性'],
  product_id: [
    'productid',
    'sku',
    'stockcode',
    'itemid',
    'product',
    '商品id',
    '商品编号',
    '产品id',
    '产品编号',
    '商品',
    '产品',
  ],
  term_days: ['termdays', 'term', 'period', 'duration', '期限', '投资期限', '期限天数'],
  product_type: ['producttype', 'category', 'producttype', '产品类型', '商品类型', '品类', '类目'],
  coupon_id: ['couponid', 'coupon', 'voucherid', '优惠券id', '优惠券', '券id', '红包id'],
  campaign_id: ['campaignid', 'campaign', 'activityid', '活动id', '活动', '活动编号'],
  granted_at: ['grantedat', 'granttime', 'issuedat', 'receivetime', '发放时间', '领取时间', '领券时间'],
  threshold: ['threshold', 'minspend', '门槛', '使用门槛', '满减门槛'],
  reward: ['reward', 'facevalue', 'discount', '面额', '优惠金额', '红包金额', '券面额'],
  expires_at: ['expiresat', 'expiretime', 'expirydate', '过期时间', '到期时间', '失效时间'],
  redeemed_at: ['redeemedat', 'redeemtime', 'usedat', 'usetime', '使用时间', '核销时间', '用券时间'],
  holdout: ['holdout', 'control', 'controlgroup', 'isholdout', '对照组', '是否对照组'],
  balance: ['balance', 'aum', '余额', '账户余额', '在投金额', '待收金额'],
  date: ['date', 'day', 'dt', '日期', '统计日期'],
  cost: ['cost', 'spend', 'adspend', '成本', '花费', '费用', '投放费用'],
  period: ['period', 'month', 'week', '周期', '月份', '期间'],
  inviter_id: ['inviterid', 'inviter', 'referrerid', '邀请人id', '邀请人'],
  invitee_id: ['inviteeid', 'invitee', 'refereeid', '被邀请人id', '被邀请人'],
  sent_at: ['sentat', 'invitetime', 'senttime', '邀请时间', '发送时间'],
  converted_at: ['convertedat', 'converttime', 'conversiontime', '转化时间', '注册时间'],
};

/**
 * A header reduced for comparison: lower case without spaces, underscores, hyphens, dots or brackets.
 * @param header a header as written
 * @returns the reduced form
 * @example normalizeHeader('Customer ID') // 'customerid'
 */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_\-.()（）[\]]/g, '');
}

function score(canonical: string, header: string): number {
  const h = normalizeHeader(header);
  if (!h) return 0;
  if (h === normalizeHeader(canonical)) return 1;
  const aliases = ALIASES[canonical] ?? [];
  const exact = aliases.indexOf(h);
  // A known alias is a near-certain match; earlier aliases win ties (e.g. 'date' vs '下单时间').
  if (exact >= 0) return 0.9 - exact * 0.001;
  let best = 0;
  for (const a of aliases) {
    const meaningful = a.charCodeAt(0) > 127 ? a.length >= 2 : a.length >= 4;
    if (meaningful && h.includes(a)) best = Math.max(best, 0.3 + 0.3 * (a.length / h.length));
  }
  return best;
}

/**
 * Guesses which header is which canonical column of `table`: each header and each column used at most
 * once, best-scoring pairs first.
 * @param headers the export's header row
 * @param table the canonical table the export is (orders, users, events, …)
 * @returns the mapping, a confidence per mapped column, and the headers left over
 * @example guessMapping(['用户ID', '下单时间', '实付金额'], 'orders').columns // { userId: '用户ID', ts: '下单时间', amount: '实付金额' }
 */
export function guessMapping(headers: readonly string[], table: CanonicalTableName): MappingGuess {
  // Called from JS too (the extension, notebooks): a wrong table or header list is a SpecError, not a TypeError.
  if (!CANONICAL_TABLES.includes(table)) throw new SpecError('table', table, CANONICAL_TABLES);
  if (!Array.isArray(headers) || headers.some((h) => typeof h !== 'string')) {
    throw new SpecError('headers', headers, 'an array of header strings');
  }
  const pairs: { canonical: string; header: string; score: number; order: number }[] = [];
  const schema = CANONICAL_SCHEMAS[table];
  schema.forEach((col, ci) => {
    headers.forEach((header, hi) => {
      const s = score(col.name, header);
      if (s > 0) pairs.push({ canonical: col.name, header, score: s, order: ci * 10_000 + hi });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.order - b.order);
  const columns: Record<string, string> = {};
  const confidence: Record<string, number> = {};
  const usedHeaders = new Set<string>();
  const usedColumns = new Set<string>();
  for (const p of pairs) {
    if (usedHeaders.has(p.header) || usedColumns.has(p.canonical)) continue;
    usedHeaders.add(p.header);
    usedColumns.add(p.canonical);
    const camel = toCamelCase(p.canonical);
    columns[camel] = p.header;
    confidence[camel] = Math.round(p.score * 100) / 100;
  }
  // Schema order reads better in a quick pick than score order.
  const ordered: Record<string, string> = {};
  const orderedConfidence: Record<string, number> = {};
  for (const col of schema) {
    const camel = toCamelCase(col.name);
    if (camel in columns) {
      ordered[camel] = columns[camel];
      orderedConfidence[camel] = confidence[camel];
    }
  }
  return {
    columns: ordered,
    confidence: orderedConfidence,
    unmapped: headers.filter((h) => !usedHeaders.has(h)),
  };
}
