import assert from 'node:assert/strict';
import { readParameter, setParameters } from '../../../../extension/src/scaffold/parameterCell.js';

const CELL = `// Data files, relative to this notebook.
const DATA = {
  orders: '../datasets/p2p/orders.csv.gz', // order_id, user_id, ts, amount
  users: "../datasets/p2p/users.csv.gz",
};
// Column mapping per file.
const COLUMNS: Record<keyof typeof DATA, Record<string, string>> = {
  orders: {}, users: {},
};
const TIME_ZONE = 'Asia/Shanghai';
const TIERS = {
  by: 'lastPayoutAmount',
  cuts: [0, 5000, 20000],
  labels: ['0–4,999', '5,000–19,999', '20,000+'],
};
const start = new Date(); // not plain data
`;

describe('parameter cell of a notebook template', () => {
  it('reads plain-data constants with comments, unquoted keys and trailing commas', () => {
    assert.deepEqual(readParameter(CELL, 'DATA'), {
      orders: '../datasets/p2p/orders.csv.gz',
      users: '../datasets/p2p/users.csv.gz',
    });
    assert.deepEqual(readParameter(CELL, 'COLUMNS'), { orders: {}, users: {} });
    assert.equal(readParameter(CELL, 'TIME_ZONE'), 'Asia/Shanghai');
    assert.deepEqual((readParameter(CELL, 'TIERS') as { cuts: number[] }).cuts, [0, 5000, 20000]);
  });
  it('gives undefined for a missing constant or one that is not plain data', () => {
    assert.equal(readParameter(CELL, 'NEXT_PLAN'), undefined);
    assert.equal(readParameter(CELL, 'start'), undefined);
  });
  it('replaces only the initialisers, keeping comments and type annotations, and reports unknown names', () => {
    const { source, missing } = setParameters(CELL, {
      DATA: { orders: './orders.csv', users: './users.csv' },
      COLUMNS: { orders: { userId: '用户ID' }, users: {} },
      NEXT_PLAN: [],
    });
    assert.deepEqual(missing, ['NEXT_PLAN']);
    assert.match(source, /^\/\/ Data files, relative to this notebook\./);
    assert.match(source, /const COLUMNS: Record<keyof typeof DATA, Record<string, string>> = \{/);
    assert.deepEqual(readParameter(source, 'DATA'), { orders: './orders.csv', users: './users.csv' });
    assert.deepEqual(readParameter(source, 'COLUMNS'), { orders: { userId: '用户ID' }, users: {} });
    assert.equal(readParameter(source, 'TIME_ZONE'), 'Asia/Shanghai');
    assert.match(source, /const start = new Date\(\); \/\/ not plain data\n$/);
  });
});
