import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { columnSample, zoneOfTimestamps } from '../../../../extension/src/scaffold/dataZone.js';
import { readParameter, setParameters } from '../../../../extension/src/scaffold/parameterCell.js';
import { parameterValues } from '../../../../extension/src/scaffold/scaffoldAnswers.js';
import { inputForFile, templateInputs } from '../../../../extension/src/scaffold/templateInputs.js';

const templates = path.join(__dirname, '..', '..', '..', '..', 'notebooks', 'templates');

/** The parameter cell (first code cell) of a committed template. */
function parameterCellOf(template: string): string {
  const notebook = JSON.parse(readFileSync(path.join(templates, template), 'utf8')) as {
    cells: { cell_type: string; source: string | string[] }[];
  };
  const cell = notebook.cells.find((c) => c.cell_type === 'code')!;
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** A template in the one-file style: optional inputs marked by a null path or an "optional" comment. */
const ONE_FILE = `// Data files, relative to this notebook.
const DATA = {
  orders: '../data/orders.csv', // order_id, user_id, ts, amount
  coupons: '../data/coupons.csv', // coupons granted and redeemed
  targets: null, // optional: who was targeted, with a holdout
  users: '', // sign-ups
  events: '../data/events.csv', // optional — logins; 可选
};
const COLUMNS: Record<keyof typeof DATA, Record<string, string>> = {
  orders: {}, coupons: {}, targets: {}, users: {}, events: {},
};
const LOAD_OPTIONS = { orders: {}, coupons: { encoding: 'gb18030' }, targets: {}, users: {}, events: {} };
const TIME_ZONE = 'UTC'; // a timestamp's own offset wins
const TIERS = { by: 'spend', cuts: 'quantiles' };
`;

describe('scaffold: the inputs of a template and the parameter cell the answers write (issue 15 item 4)', () => {
  it('reads the inputs by name, optional ones from a null/empty path or an "optional" comment', () => {
    const inputs = templateInputs(ONE_FILE);
    assert.deepEqual(
      inputs.map((i) => [i.key, i.optional]),
      [
        ['orders', false],
        ['coupons', false],
        ['targets', true],
        ['users', true],
        ['events', true],
      ],
    );
    assert.equal(inputs[0].table, 'orders');
    assert.match(inputs[0].explanation, /customer id, time, amount/);
    assert.deepEqual(templateInputs('const RFM_SPEC = {};'), []);
  });

  it('puts the user file on the input it fits, even where the template lists coupons first', () => {
    const campaign = templateInputs(parameterCellOf('campaign-review.ipynb'));
    // The campaign template needs orders and coupons; every other input is offered as "Skip (optional)".
    assert.deepEqual(
      campaign.map((i) => [i.key, i.optional]),
      [
        ['orders', false],
        ['coupons', false],
        ['targets', true],
        ['users', true],
        ['events', true],
        ['payouts', true],
      ],
    );
    const retail = [
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
    ];
    assert.equal(inputForFile(campaign, retail), 'orders');
    assert.equal(inputForFile(campaign, ['订单ID', '用户ID', '下单时间', '实付金额']), 'orders');
    assert.equal(
      inputForFile(campaign, ['coupon_id', 'user_id', 'campaign_id', 'threshold', 'reward']),
      'coupons',
    );
    assert.equal(inputForFile(campaign, ['user_id', 'ts', 'event']), 'events');
    // Parquet and JSON give no header row here: orders.
    assert.equal(inputForFile(campaign, []), 'orders');
  });

  it("takes the zone from the timestamps' own offset, else none (the command then asks, UTC first)", () => {
    assert.equal(zoneOfTimestamps(['2024-01-01T08:00:00+0800', '', '2024-01-02 09:00:00+08:00']), '+08:00');
    assert.equal(zoneOfTimestamps(['2024-01-01T08:00:00Z', '2024-01-01T09:00:00.5z']), 'UTC');
    assert.equal(zoneOfTimestamps(['2024-01-01T08:00:00+00:00']), 'UTC');
    assert.equal(zoneOfTimestamps(['2024-01-01T08:00:00-05:00', '2024-01-01T08:00:00']), undefined);
    // Summer time: two offsets, no single zone.
    assert.equal(zoneOfTimestamps(['2024-01-01T08:00:00+00:00', '2024-07-01T08:00:00+01:00']), undefined);
    assert.equal(zoneOfTimestamps(['12/1/2010 8:26', '2010-12-01']), undefined);
    assert.equal(zoneOfTimestamps([]), undefined);
    const head = new TextEncoder().encode(
      '\uFEFF订单ID,下单时间,实付金额\nO1,2024-01-01T08:00:00+08:00,5\nO2,"2024-01-02T08:00:00+08:00",6\nO3,2024-01-0',
    );
    assert.deepEqual(columnSample(head, '下单时间'), [
      '2024-01-01T08:00:00+08:00',
      '2024-01-02T08:00:00+08:00',
    ]);
    assert.deepEqual(columnSample(head, 'ts'), []);
  });

  it("writes every input (the user's files relative to the notebook, null for skipped), mappings and UTC", () => {
    const values = parameterValues(ONE_FILE, '/ws', {
      files: {
        orders: '/ws/exports/Online Retail.csv',
        coupons: '/ws/coupons.csv',
        targets: null,
        users: null,
        events: null,
      },
      columns: { orders: { userId: 'CustomerID', ts: 'InvoiceDate' }, coupons: { userId: 'CustomerID' } },
      loadOptions: { orders: { amount: { product: ['Quantity', 'UnitPrice'] }, missingUsers: 'drop' } },
      timeZone: 'UTC',
    });
    assert.deepEqual(values, {
      DATA: {
        orders: './exports/Online Retail.csv',
        coupons: './coupons.csv',
        targets: null,
        users: null,
        events: null,
      },
      COLUMNS: {
        orders: { userId: 'CustomerID', ts: 'InvoiceDate' },
        coupons: { userId: 'CustomerID' },
        targets: {},
        users: {},
        events: {},
      },
      LOAD_OPTIONS: {
        orders: { amount: { product: ['Quantity', 'UnitPrice'] }, missingUsers: 'drop' },
        coupons: { encoding: 'gb18030' },
        targets: {},
        users: {},
        events: {},
      },
      TIME_ZONE: 'UTC',
    });
    // The template computes its tiers from the data: untouched without typed bounds.
    const { source, missing } = setParameters(ONE_FILE, values);
    assert.deepEqual(missing, []);
    assert.deepEqual(readParameter(source, 'TIERS'), { by: 'spend', cuts: 'quantiles' });
    assert.equal(readParameter(source, 'TIME_ZONE'), 'UTC');
    assert.match(source, /targets: null|"targets": null/);
    assert.doesNotMatch(source, /\.\.\/data\//);
    assert.throws(
      () =>
        parameterValues(ONE_FILE, '/ws', { files: { orders: '/ws/o.csv' }, columns: {}, timeZone: 'UTC' }),
      /no file for the required input coupons/,
    );
  });

  it('fills the campaign template: every input, the zone and, when typed, tier bounds and a coupon plan', () => {
    const cell = parameterCellOf('campaign-review.ipynb');
    const keys = templateInputs(cell).map((i) => i.key);
    const files = Object.fromEntries(keys.map((k) => [k, `/tmp/u/${k}.csv`]));
    const values = parameterValues(cell, '/tmp/u', {
      files,
      columns: { orders: { userId: 'CustomerID' } },
      timeZone: '+08:00',
      tierCuts: [0, 100, 1000],
      plan: [{ tier: '1,000+', threshold: 200, reward: 10 }],
    });
    const { source } = setParameters(cell, values);
    assert.doesNotMatch(source, /datasets\/p2p|Asia\/Shanghai|100,000\+/);
    assert.equal(readParameter(source, 'TIME_ZONE'), '+08:00');
    assert.deepEqual((readParameter(source, 'DATA') as Record<string, string>).orders, './orders.csv');
    assert.deepEqual(readParameter(source, 'TIERS'), {
      by: '',
      quantiles: 4,
      cuts: [0, 100, 1000],
      labels: ['0–99', '100–999', '1,000+'],
    });
    assert.deepEqual(readParameter(source, 'NEXT_PLAN'), [{ tier: '1,000+', threshold: 200, reward: 10 }]);
    assert.deepEqual((readParameter(source, 'COLUMNS') as Record<string, unknown>).orders, {
      userId: 'CustomerID',
    });
  });
});
