import * as aq from 'arquero';

/** Three users' events over three days (a on days 1–2, b on day 1, c on days 2–3), on two platforms: for the presentation tests. */
export const threeUsersEvents = aq.from([
  { user_id: 'a', ts: '2024-01-01T10:00:00Z', platform: 'iOS' },
  { user_id: 'a', ts: '2024-01-02T10:00:00Z', platform: 'iOS' },
  { user_id: 'b', ts: '2024-01-01T10:00:00Z', platform: 'H5' },
  { user_id: 'c', ts: '2024-01-02T10:00:00Z', platform: 'iOS' },
  { user_id: 'c', ts: '2024-01-03T10:00:00Z', platform: 'iOS' },
]);
