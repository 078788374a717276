import * as aq from 'arquero';

/**
 * Orders of three users for cohort tests, hand-worked: January cohort a, b; February cohort c. a buys
 * again in February and March, b in March (on the 15th); c twice in March, after the 15th.
 */
export const cohortOrders = aq.from([
  { user_id: 'a', ts: '2024-01-05T10:00:00Z', amount: 100 },
  { user_id: 'b', ts: '2024-01-20T10:00:00Z', amount: 50 },
  { user_id: 'a', ts: '2024-02-02T10:00:00Z', amount: 30 },
  { user_id: 'c', ts: '2024-02-10T10:00:00Z', amount: 80 },
  { user_id: 'a', ts: '2024-03-01T10:00:00Z', amount: 10 },
  { user_id: 'b', ts: '2024-03-15T10:00:00Z', amount: 20 },
  { user_id: 'c', ts: '2024-03-16T10:00:00Z', amount: 5 },
  { user_id: 'c', ts: '2024-03-17T10:00:00Z', amount: 5 },
]);
