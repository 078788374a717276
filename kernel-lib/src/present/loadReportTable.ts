import type { LoadReport } from '../io/rows/report.js';
import { fupanTable, type FupanTablePayload } from './fupanTable.js';

/**
 * A load report as a table for `display()` (导入报告): rows read, the rows each step dropped with its
 * reason, and rows kept; derived columns and rows kept with a missing user id as notes.
 * @param report the report of a loaded table (`loadReport(table)`)
 * @returns a Fupan table payload
 * @example display(loadReportTable(loadReport(orders)!))
 */
export function loadReportTable(report: LoadReport): FupanTablePayload {
  const rows: { step: string; rows: number }[] = [
    { step: 'rows read', rows: report.rowsRead },
    ...report.dropped.map((d) => ({ step: `dropped: ${d.reason}`, rows: d.rows === 0 ? 0 : -d.rows })),
    { step: 'rows kept', rows: report.rowsKept },
  ];
  const notes = [...(report.derived ?? []).map((d) => `derived: ${d}`)];
  if (report.missingUsers) {
    notes.push(
      `${report.missingUsers.toLocaleString('en-US')} rows kept with a missing user id: metrics that need one refuse them (load with missingUsers: 'drop' to drop them)`,
    );
  }
  return fupanTable(rows, {
    title: `Load report: ${report.source}`,
    titleZh: '导入报告',
    columns: {
      step: { label: 'Step', labelZh: '步骤', format: 'string' },
      rows: { label: 'Rows', labelZh: '行数', format: 'integer' },
    },
    notes,
  });
}
