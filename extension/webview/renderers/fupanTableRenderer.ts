/**
 * Notebook renderer for `application/vnd.fupan.table+json`: the segment, cohort and campaign tables of Fupan's
 * notebooks, interactive inline (sort by a header, filter, heat colours, copy, export to CSV). Nothing is
 * written without the user's say: export asks the extension, which shows a save dialog.
 */
import type { FupanTablePayload } from '@fupan/kernel-lib/render';
import type { TableHostMessage, TableRendererMessage } from '../../src/shared/tableMessages.js';
import tableCss from '../../media/table.css';
import type { ActivationFunction, RendererContext } from './rendererApi.js';
import { TableModel } from '../table/tableModel.js';
import { VirtualTable } from '../table/virtualTable.js';

export const activate: ActivationFunction<TableRendererMessage> = (context) => {
  const statusByRequest: ((m: TableHostMessage) => void)[] = [];
  context.onDidReceiveMessage?.((message) => statusByRequest.shift()?.(message as TableHostMessage));
  return {
    renderOutputItem(item, element) {
      const payload = readPayload(item.json());
      element.replaceChildren(renderTable(payload, context, (listener) => statusByRequest.push(listener)));
    },
  };
};

function readPayload(value: unknown): FupanTablePayload {
  const payload = (typeof value === 'string' ? JSON.parse(value) : value) as FupanTablePayload;
  if (!payload || !Array.isArray(payload.columns) || !Array.isArray(payload.rows)) {
    throw new Error('not a Fupan table payload (expected { version: 1, columns: [...], rows: [...] })');
  }
  return payload;
}

function renderTable(
  payload: FupanTablePayload,
  context: RendererContext<TableRendererMessage>,
  awaitReply: (listener: (m: TableHostMessage) => void) => void,
): HTMLElement {
  const root = document.createElement('div');
  root.className = 'fupan-table-output';
  const style = document.createElement('style');
  style.textContent = tableCss;
  root.append(style);

  if (payload.title || payload.titleZh) {
    const title = document.createElement('div');
    title.className = 'fupan-title';
    title.textContent = [payload.title, payload.titleZh].filter(Boolean).join(' · ');
    root.append(title);
  }

  const model = new TableModel(payload);
  const table = new VirtualTable({
    columns: payload.columns.map((c, j) => ({
      label: c.label ?? c.name,
      labelZh: c.labelZh,
      numeric: model.isNumeric(j),
      width: model.textWidth(j),
    })),
    fetchRows: (start, end) => {
      const rows = [];
      for (let i = start; i < end; i++) {
        rows.push(payload.columns.map((_, j) => ({ text: model.text(i, j), heat: model.heat(i, j) })));
      }
      return rows;
    },
    emptyText: () => (model.totalRows === 0 ? 'No rows · 无数据' : 'No rows match the filter · 没有匹配的行'),
    onHeaderClick: (column) => {
      model.toggleSort(column);
      table.setSortIndicator(model.sortState?.column, model.sortState?.descending ?? false);
      update();
    },
  });

  const toolbar = document.createElement('div');
  toolbar.className = 'fupan-toolbar';
  const filter = document.createElement('input');
  filter.type = 'search';
  filter.placeholder = 'Filter 筛选…';
  filter.setAttribute('aria-label', 'Filter rows');
  filter.addEventListener('input', () => {
    model.setFilter(filter.value);
    update();
  });
  const count = document.createElement('span');
  count.className = 'fupan-status';
  const status = document.createElement('span');
  status.className = 'fupan-status';
  const copy = button('Copy 复制', async () => {
    const text = model.tsv();
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied 已复制';
    } catch {
      if (!context.postMessage) return void (status.textContent = 'Copy is not available here');
      awaitReply(() => void (status.textContent = 'Copied 已复制'));
      context.postMessage({ type: 'copy', text });
    }
  });
  const exportCsv = button('Export CSV 导出', () => {
    const suggestedName = `${(payload.title ?? 'fupan-table').replace(/[^\w\u4e00-\u9fff-]+/g, '-')}.csv`;
    if (context.postMessage) {
      awaitReply((reply) => {
        status.textContent =
          reply.type === 'exported'
            ? `Saved 已保存: ${reply.path}`
            : reply.type === 'failed'
              ? `Export failed: ${reply.message}`
              : '';
      });
      context.postMessage({ type: 'exportCsv', suggestedName, csv: model.csv() });
    } else {
      // No extension listening (another host): a download link, which the user confirms in the browser.
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([model.csv()], { type: 'text/csv' }));
      link.download = suggestedName;
      link.click();
    }
  });
  toolbar.append(filter, copy, exportCsv, count, status);
  root.append(toolbar, table.element);

  for (const note of payload.notes ?? []) {
    const p = document.createElement('div');
    p.className = 'fupan-note';
    p.textContent = note;
    root.append(p);
  }
  if (payload.spec !== undefined) {
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'Definition (spec) 口径';
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(payload.spec, null, 2);
    details.append(summary, pre);
    root.append(details);
  }

  function update(): void {
    count.textContent =
      model.rowCount === model.totalRows
        ? `${model.totalRows} rows 行`
        : `${model.rowCount} / ${model.totalRows} rows 行`;
    table.setRowCount(model.rowCount);
  }
  update();
  return root;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}
