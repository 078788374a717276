import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { funnel } from '../../../../kernel-lib/src/metrics/funnel/funnel.js';
import { funnelUsers } from '../../../../kernel-lib/src/metrics/funnel/usersIn.js';
import type { FunnelStep } from '../../../../kernel-lib/src/metrics/funnel/spec.js';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';

/**
 * Article 002's sign-up funnel: sign-up page PV (events) and UV (users), phone entered, code sent, code
 * entered, success; conversion = successes / page UV.
 */
const signupSteps: FunnelStep[] = [
  { event: 'page_view', where: { url: '/signup' }, label: 'sign-up page', labelZh: '注册页' },
  { event: 'signup_step', where: { step: 'phone_entered' }, label: 'phone entered' },
  { event: 'signup_step', where: { step: 'code_sent' }, label: 'code sent' },
  { event: 'signup_step', where: { step: 'code_entered' }, label: 'code entered' },
  { event: 'signup_success', label: 'success' },
];
const t = (minutes: number) => new Date(Date.UTC(2024, 0, 1, 8, minutes)).toISOString();
const rows: Record<string, unknown>[] = [];
const view = (u: string, m: number) =>
  rows.push({ user_id: u, ts: t(m), event: 'page_view', url: '/signup', step: null });
const step = (u: string, m: number, name: string) =>
  rows.push({ user_id: u, ts: t(m), event: 'signup_step', url: null, step: name });
const success = (u: string, m: number) =>
  rows.push({ user_id: u, ts: t(m), event: 'signup_success', url: null, step: null });
// a: views twice (2 PV), goes all the way
view('a', 0);
view('a', 1);
step('a', 2, 'phone_entered');
step('a', 3, 'code_sent');
step('a', 5, 'code_entered');
success('a', 6);
// b: all the way, slower
view('b', 0);
step('b', 4, 'phone_entered');
step('b', 5, 'code_sent');
step('b', 9, 'code_entered');
success('b', 10);
// c: stops after the code was sent
view('c', 0);
step('c', 1, 'phone_entered');
step('c', 3, 'code_sent');
// d: only looks
view('d', 0);
// e: enters the phone before seeing the page (out of order: counts only the page view)
step('e', 0, 'phone_entered');
view('e', 1);
// f: another page does not count
rows.push({ user_id: 'f', ts: t(0), event: 'page_view', url: '/home', step: null });
const events = aq.from(rows);
const users = aq.from([
  { user_id: 'a', channel: 'wechat' },
  { user_id: 'b', channel: 'baidu' },
  { user_id: 'c', channel: 'wechat' },
  { user_id: 'd', channel: 'baidu' },
  { user_id: 'e', channel: 'wechat' },
]);

describe('funnel', () => {
  const r = funnel(
    events,
    { steps: signupSteps, window: { amount: 1, unit: 'day' }, breakdownBy: 'channel' },
    users,
  );

  it('counts the article-002 sign-up funnel: PV, UV, each step, conversion = successes / page UV', () => {
    assert.deepEqual(r.steps.array('users'), [5, 3, 3, 2, 2]);
    assert.deepEqual(r.steps.array('events'), [6, 4, 3, 2, 2]); // page PV 6 (a twice); phone entered includes e's
    assert.deepEqual(r.steps.array('conversionFromPrevious'), [1, 3 / 5, 1, 2 / 3, 1]);
    assert.equal(r.steps.get('conversionFromStart', 4), 2 / 5);
    assert.equal(r.steps.get('label', 0), 'sign-up page');
  });

  it('gives the median time between steps over users who reached the step', () => {
    // the first attempt that reaches the deepest step counts: a's from its first view (minute 0).
    // phone entered: a 2 min, b 4, c 1 → 2; code sent: 1, 1, 2 → 1; code entered: 2, 4 → 3; success: 1, 1 → 1
    assert.deepEqual(r.steps.array('medianMsFromPrevious').slice(1), [120_000, 60_000, 180_000, 60_000]);
  });

  it('breaks down by a column of the users table', () => {
    const rowsBy = r.breakdown!.objects().map((x: any) => [x.breakdown, x.step, x.users]);
    assert.deepEqual(
      rowsBy.filter((x) => x[1] === 1 || x[1] === 5),
      [
        ['baidu', 1, 2],
        ['baidu', 5, 1],
        ['wechat', 1, 3],
        ['wechat', 5, 1],
      ],
    );
  });

  it('lists the users who reached or dropped at a step', () => {
    assert.deepEqual(funnelUsers(r, 5), ['a', 'b']);
    assert.deepEqual(funnelUsers(r, 3, { dropped: true }), ['c']);
    assert.deepEqual(funnelUsers(r, 1, { dropped: true, breakdown: 'wechat' }), ['e']);
    assert.throws(() => funnelUsers(r, 6), SpecError);
  });

  it('drops steps done after the window', () => {
    const short = funnel(events, { steps: signupSteps, window: { amount: 5, unit: 'minute' } });
    // b's code entered comes 9 min after its view; a's attempt from its second view (minute 1) ends at
    // minute 6, exactly 5 minutes later: the window's end is inclusive
    assert.deepEqual(short.steps.array('users'), [5, 3, 3, 1, 1]);
    assert.deepEqual(
      funnel(events, { steps: signupSteps, window: { amount: 4, unit: 'minute' } }).steps.array('users'),
      [5, 3, 2, 1, 0],
    );
  });

  it('strict order needs each step to be the next event', () => {
    const strict = funnel(events, { steps: signupSteps, order: 'strict' });
    // a: view(0), view(1) → phone(2): the attempt from the second view is strict; b, c strict too
    assert.deepEqual(strict.steps.array('users'), [5, 3, 3, 2, 2]);
    const noisy = aq.from([
      ...rows,
      { user_id: 'b', ts: t(4.5), event: 'page_view', url: '/faq', step: null },
    ]);
    assert.deepEqual(
      funnel(noisy, { steps: signupSteps, order: 'strict' }).steps.array('users'),
      [5, 3, 2, 1, 1],
    );
  });

  it('reads conditions from a properties column (object or JSON)', () => {
    const ev = aq.from([
      { user_id: 'x', ts: t(0), event: 'visit', properties: '{"page":"signup"}' },
      { user_id: 'x', ts: t(1), event: 'register', properties: { ok: true } },
      { user_id: 'y', ts: t(0), event: 'visit', properties: '{"page":"home"}' },
    ]);
    const f = funnel(ev, {
      steps: [
        { event: 'visit', where: { page: 'signup' } },
        { event: 'register', where: { ok: true } },
      ],
    });
    assert.deepEqual(f.steps.array('users'), [1, 1]);
  });

  it('limits entries to a date range', () => {
    const f = funnel(events, { steps: ['page_view', 'signup_success'], from: '2024-01-02' });
    assert.deepEqual(f.steps.array('users'), [0, 0]);
    assert.ok(Number.isNaN(f.steps.get('conversionFromStart', 1)));
  });

  it('rejects bad specs and inputs', () => {
    assert.throws(() => funnel(events, { steps: [] }), /invalid steps/);
    assert.throws(() => funnel(events, { steps: ['a'], order: 'loose' as never }), /invalid order: "loose"/);
    assert.throws(
      () => funnel(events, { steps: ['a'], window: { amount: 1, unit: 'week' as never } }),
      /invalid window.unit/,
    );
    assert.throws(() => funnel(events, { steps: [{ event: 'a', where: { nope: 1 } }] }), InputError);
    assert.throws(
      () => funnel(events, { steps: ['a'], breakdownBy: 'channel' }),
      /missing breakdown column "channel"/,
    );
    assert.throws(
      () => funnel(aq.from([{ user_id: 'x', ts: 'soon', event: 'a' }]), { steps: ['a'] }),
      /unparseable timestamp/,
    );
  });
});

describe('funnel columns', () => {
  it('follows visitors before sign-up through other user and event columns', () => {
    const ev = aq.from([
      { visitor_id: 'v1', user_id: null, ts: t(0), step: 'page_view' },
      { visitor_id: 'v1', user_id: 'u1', ts: t(1), step: 'signup_success' },
      { visitor_id: 'v2', user_id: null, ts: t(0), step: 'page_view' },
    ]);
    const f = funnel(ev, {
      steps: ['page_view', 'signup_success'],
      userColumn: 'visitor_id',
      eventColumn: 'step',
    });
    assert.deepEqual(f.steps.array('users'), [2, 1]);
    assert.deepEqual(f.users.array('user_id'), ['v1', 'v2']);
  });
});
