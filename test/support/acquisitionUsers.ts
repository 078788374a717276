import * as aq from 'arquero';

/** Five users of three channels with channel codes, promoters and departments: the sign-ups of the channel ROI and sign-ups-by tests. */
export const acquisitionUsers = aq.from([
  {
    user_id: 'a',
    registered_at: '2024-01-05T10:00:00Z',
    channel: 'baidu',
    channel_code: 'B01',
    promoter: 'p1',
    department: 'east',
  },
  {
    user_id: 'b',
    registered_at: '2024-01-20T10:00:00Z',
    channel: 'baidu',
    channel_code: 'B02',
    promoter: 'p2',
    department: 'east',
  },
  {
    user_id: 'c',
    registered_at: '2024-02-02T10:00:00Z',
    channel: 'baidu',
    channel_code: 'B01',
    promoter: 'p1',
    department: 'east',
  },
  {
    user_id: 'd',
    registered_at: '2024-01-10T10:00:00Z',
    channel: 'wechat',
    channel_code: 'W01',
    promoter: 'p3',
    department: 'west',
  },
  {
    user_id: 'e',
    registered_at: '2024-01-31T23:30:00Z',
    channel: 'organic',
    channel_code: null,
    promoter: null,
    department: null,
  },
]);
