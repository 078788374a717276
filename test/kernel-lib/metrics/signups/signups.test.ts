import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { signupsBy } from '../../../../kernel-lib/src/metrics/signups/signups.js';
import { acquisitionUsers as users } from '../../../support/acquisitionUsers.js';

describe('signupsBy', () => {
  it('counts sign-ups by channel code, promoter or department per period', () => {
    const r = signupsBy(users, { by: 'department', period: 'month' });
    assert.deepEqual(r.table.objects(), [
      { period: '2024-01', department: 'east', signups: 2 },
      { period: '2024-01', department: 'west', signups: 1 },
      { period: '2024-01', department: null, signups: 1 },
      { period: '2024-02', department: 'east', signups: 1 },
    ]);
    assert.deepEqual(r.users.filter((d: any) => d.value === 'west').array('user_id'), ['d']);
  });

  it('uses local days and a date range', () => {
    const r = signupsBy(users, {
      by: 'channel',
      period: 'month',
      timeZone: 'Asia/Shanghai',
      from: '2024-02-01',
    });
    assert.deepEqual(r.table.objects(), [
      { period: '2024-02', channel: 'baidu', signups: 1 },
      { period: '2024-02', channel: 'organic', signups: 1 }, // 23:30 UTC on Jan 31 is Feb 1 in Shanghai
    ]);
    assert.throws(() => signupsBy(users, { by: 'channel', period: 'year' as never }), /invalid period/);
  });
});

describe('signupsBy with a channel-code table', () => {
  it('looks promoter and department up by channel_code (渠道码)', () => {
    const bare = users.select('user_id', 'registered_at', 'channel_code');
    const codes = aq.from([
      { channel_code: 'B01', promoter: 'p1', department: 'east' },
      { channel_code: 'B02', promoter: 'p2', department: 'east' },
      { channel_code: 'W01', promoter: 'p3', department: 'west' },
    ]);
    const r = signupsBy(bare, { by: 'promoter', period: 'month' }, codes);
    assert.deepEqual(r.table.objects(), [
      { period: '2024-01', promoter: 'p1', signups: 1 },
      { period: '2024-01', promoter: 'p2', signups: 1 },
      { period: '2024-01', promoter: 'p3', signups: 1 },
      { period: '2024-01', promoter: null, signups: 1 },
      { period: '2024-02', promoter: 'p1', signups: 1 },
    ]);
    const dup = aq.from([...codes.objects(), { channel_code: 'B01', promoter: 'p9', department: 'x' }]);
    assert.throws(
      () => signupsBy(bare, { by: 'promoter' }, dup),
      /channel codes, row 4, column "channel_code": duplicate channel code: "B01"/,
    );
  });
});
