import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '../../../kernel-lib/src/io/load.js';
import { loadReport } from '../../../kernel-lib/src/io/rows/report.js';
import type { RowFilter } from '../../../kernel-lib/src/io/rows/where.js';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { rfmSql } from '../../../kernel-lib/src/sql/metrics/rfm.js';
import { rowsReportSql } from '../../../kernel-lib/src/sql/rowsReport.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { embeddedEngines } from '../../support/scope.js';
import { assertRowsClose, random, rowsOf } from './parityData.js';

/** Invoice lines as a retail export writes them: cancellations (C…), zero prices, lines without a customer. */
function invoiceCsv(seed: number, invoices: number): string {
  const next = random(seed);
  const lines = ['InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID'];
  for (let i = 0; i < invoices; i++) {
    const cancel = next() < 0.05;
    const customer = next() < 0.1 ? '' : `${12000 + Math.floor((next() ** 2 * invoices) / 5)}.0`;
    const ts = new Date(Date.UTC(2011, 0, 1) + Math.floor(next() * 300 * 86_400) * 1000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    for (let k = 0; k < 1 + Math.floor(next() * 4); k++) {
      const qty = (cancel ? -1 : 1) * (1 + Math.floor(next() * 12));
      const price = next() < 0.03 ? 0 : [0.85, 1.25, 2.55, 4.95, 12.75][Math.floor(next() * 5)];
      lines.push(`${cancel ? 'C' : ''}${536000 + i},S${k},${qty},${ts},${price},${customer}`);
    }
  }
  return lines.join('\n') + '\n';
}

const WHERE: RowFilter[] = [
  { column: 'InvoiceNo', startsWith: 'C', keep: false, label: 'cancellations' },
  { column: 'UnitPrice', '>': 0 },
];

(embeddedEngines ? describe : describe.skip)(
  'SQL sources with load() row options: where, a derived amount, missingUsers (DuckDB, chdb)',
  function () {
    this.timeout(120_000);
    const file = join(mkdtempSync(join(tmpdir(), 'fupan-rows-')), 'lines.csv');
    writeFileSync(file, invoiceCsv(5, 1500));
    const source = {
      file,
      format: 'csv' as const,
      where: WHERE,
      amount: { product: ['Quantity', 'UnitPrice'] },
      missingUsers: 'drop' as const,
      userColumn: 'CustomerID',
    };
    const columns = { userId: 'CustomerID', ts: 'InvoiceDate', orderId: 'InvoiceNo' };

    for (const [name, make] of [
      ['duckdb', () => duckdb({ threads: 1 })],
      ['chdb', () => chdbEngine()],
    ] as const) {
      it(`${name}: RFM and the load report equal memory's`, async () => {
        const memory = await load(file, {
          table: 'orders',
          columns: { orderId: 'InvoiceNo', userId: 'CustomerID', ts: 'InvoiceDate' },
          amount: { product: ['Quantity', 'UnitPrice'] },
          where: WHERE,
          missingUsers: 'drop',
        });
        const expected = loadReport(memory)!;
        assert.ok(
          expected.dropped.every((d) => d.rows > 0),
          'every step removes rows',
        );
        const engine: SqlEngine = await make();
        try {
          const report = await rowsReportSql(engine, source);
          assert.deepEqual(
            { ...report, source: file },
            {
              ...expected,
              source: file,
              dropped: expected.dropped.map(({ examples: _, ...d }) => d),
            },
            engine.description,
          );
          const a = rfm(memory, { timeZone: 'UTC' });
          assert.ok(a.users.numRows() > 100);
          const b = await rfmSql(engine, source, { timeZone: 'UTC' }, columns);
          const sorted = (rows: Record<string, unknown>[]) =>
            rows.sort((x, y) => (String(x.user_id) < String(y.user_id) ? -1 : 1));
          assertRowsClose(sorted(rowsOf(b.users)), sorted(rowsOf(a.users)), engine.description);
          await assert.rejects(
            rfmSql(engine, { ...source, missingUsers: 'error' }, {}, columns),
            /without a value/,
          );
        } finally {
          await engine.close();
        }
      });
    }
  },
);
