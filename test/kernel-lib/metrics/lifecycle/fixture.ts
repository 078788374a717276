import * as aq from 'arquero';
import type { UserData } from '../../../../kernel-lib/src/metrics/history/history.js';

/**
 * A small hand-worked platform, as of 2017-03-01 (UTC). Each user exercises one stage or signal:
 * - u1 introduction: signed up 9 days before, no investment;
 * - u2 growth: verified, card bound, one 30-day investment;
 * - u3 maturity: a 30-day then a 90-day investment;
 * - u4 dormancy (no transaction 50 days after sign-up, X = 30);
 * - u5 dormancy (matured 2016-12-05, everything withdrawn the next day, nothing invested since);
 * - u6 dormancy (balance 4,000 against a maximum of 10,000: down 60 %);
 * - u7 churn (last login 2017-01-15: churned on 2017-02-14 with a 30-day rule);
 * - u8 signs up after the as-of date; u9 invested but never verified (stays in introduction).
 */
export const AS_OF = '2017-03-01';

export const users = aq.from([
  { user_id: 'u1', registered_at: '2017-02-20', channel: 'invite', verified_at: null, card_bound_at: null },
  {
    user_id: 'u2',
    registered_at: '2017-01-01',
    channel: 'invite',
    verified_at: '2017-01-02',
    card_bound_at: '2017-01-02',
  },
  {
    user_id: 'u3',
    registered_at: '2016-12-01',
    channel: 'app',
    verified_at: '2016-12-01',
    card_bound_at: '2016-12-02',
  },
  {
    user_id: 'u4',
    registered_at: '2017-01-10',
    channel: 'distribution',
    verified_at: null,
    card_bound_at: null,
  },
  {
    user_id: 'u5',
    registered_at: '2016-11-01',
    channel: 'app',
    verified_at: '2016-11-01',
    card_bound_at: '2016-11-01',
  },
  {
    user_id: 'u6',
    registered_at: '2016-11-01',
    channel: 'app',
    verified_at: '2016-11-01',
    card_bound_at: '2016-11-01',
  },
  {
    user_id: 'u7',
    registered_at: '2016-10-01',
    channel: 'distribution',
    verified_at: '2016-10-01',
    card_bound_at: '2016-10-01',
  },
  { user_id: 'u8', registered_at: '2017-03-05', channel: 'app', verified_at: null, card_bound_at: null },
  {
    user_id: 'u9',
    registered_at: '2017-02-01',
    channel: 'distribution',
    verified_at: null,
    card_bound_at: null,
  },
]);

export const events = aq.from([
  { user_id: 'u1', ts: '2017-02-25T10:00:00Z', event: 'login' },
  { user_id: 'u2', ts: '2017-02-25T10:00:00Z', event: 'login' },
  { user_id: 'u3', ts: '2017-02-28T10:00:00Z', event: 'login' },
  { user_id: 'u4', ts: '2017-02-25T10:00:00Z', event: 'login' },
  { user_id: 'u5', ts: '2017-02-20T10:00:00Z', event: 'login' },
  { user_id: 'u6', ts: '2017-02-27T10:00:00Z', event: 'login' },
  { user_id: 'u7', ts: '2017-01-15T10:00:00Z', event: 'login' },
  { user_id: 'u7', ts: '2017-02-20T10:00:00Z', event: 'page_view' },
  { user_id: 'u9', ts: '2017-02-26T10:00:00Z', event: 'login' },
]);

export const orders = aq.from([
  { user_id: 'u2', ts: '2017-02-10T09:00:00Z', amount: 1000, term_days: 30, product_type: 'regular' },
  { user_id: 'u3', ts: '2016-12-05T09:00:00Z', amount: 1000, term_days: 30, product_type: 'regular' },
  { user_id: 'u3', ts: '2017-01-10T09:00:00Z', amount: 2000, term_days: 90, product_type: 'rateBoost' },
  { user_id: 'u5', ts: '2016-11-05T09:00:00Z', amount: 5000, term_days: 30, product_type: 'regular' },
  { user_id: 'u6', ts: '2016-11-02T09:00:00Z', amount: 10000, term_days: 90, product_type: 'regular' },
  { user_id: 'u7', ts: '2016-12-01T09:00:00Z', amount: 3000, term_days: 30, product_type: 'novice' },
  { user_id: 'u9', ts: '2017-02-02T09:00:00Z', amount: 100, term_days: 30, product_type: 'novice' },
]);

export const payouts = aq.from([
  { user_id: 'u5', ts: '2016-12-05T09:00:00Z', amount: 5100 },
  { user_id: 'u7', ts: '2016-12-31T09:00:00Z', amount: 3050 },
]);

export const balances = aq.from([
  { user_id: 'u3', date: '2016-12-05', balance: 1000 },
  { user_id: 'u3', date: '2017-01-10', balance: 3000 },
  { user_id: 'u3', date: '2017-02-28', balance: 2500 },
  { user_id: 'u5', date: '2016-11-05', balance: 5000 },
  { user_id: 'u5', date: '2016-12-05', balance: 5100 },
  { user_id: 'u5', date: '2016-12-06', balance: 0 },
  { user_id: 'u6', date: '2016-11-02', balance: 10000 },
  { user_id: 'u6', date: '2017-02-01', balance: 4000 },
]);

export const data: UserData = { users, events, orders, payouts, balances };
