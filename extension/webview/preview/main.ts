/**
 * The segment preview webview: summary of the 8 RFM segments, strategy switch, a virtualised per-user table
 * whose rows come from the extension host in windows, and CSV export of a segment's users (the host asks
 * where to save). Everything is built with DOM calls and `textContent`.
 */
import {
  PREVIEW_STRATEGIES,
  USER_COLUMNS,
  type PreviewHostMessage,
  type PreviewStrategy,
  type PreviewSummary,
  type PreviewWebviewMessage,
  type UserRow,
  type UserSort,
} from '../../src/shared/previewMessages.js';
import { formatCell } from '@fupan/kernel-lib/render';
import { VirtualTable, type ShownCell } from '../table/virtualTable.js';

declare function acquireVsCodeApi(): { postMessage(message: PreviewWebviewMessage): void };
const vscode = acquireVsCodeApi();
const post = (message: PreviewWebviewMessage) => vscode.postMessage(message);

const STRATEGY_LABELS: Record<PreviewStrategy, string> = {
  quantile: 'Quantile scores 1–5 · 五分位打分',
  mean: 'Mean · 均值',
  pareto: 'Pareto 80/20 · 二八原则',
};

const USER_HEADERS: Record<(typeof USER_COLUMNS)[number], [string, string]> = {
  user_id: ['User', '用户'],
  recency: ['Recency (days)', '最近消费（天）'],
  frequency: ['Frequency', '消费频率'],
  monetary: ['Monetary', '消费金额'],
  r: ['R', 'R 分'],
  f: ['F', 'F 分'],
  m: ['M', 'M 分'],
  segment: ['Segment', '分群'],
};

/** Characters of the widest value of the numeric user columns (money up to 999,999,999.99). */
const USER_WIDTHS: Partial<Record<(typeof USER_COLUMNS)[number], number>> = {
  recency: 6,
  frequency: 9,
  monetary: 14,
};

const app = document.getElementById('app')!;
let summary: PreviewSummary | undefined;
let selectedSegment: string | null = null;
let sort: UserSort | null = null;
let nextRequest = 1;
const pendingRows = new Map<number, (rows: UserRow[]) => void>();

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

// --- layout
const title = el('h2', 'fupan-title');
const meta = el('div', 'fupan-status');
const status = el('div', 'fupan-status');
status.id = 'status';
const toolbar = el('div', 'fupan-toolbar');
const strategySelect = el('select');
strategySelect.id = 'strategy';
strategySelect.setAttribute('aria-label', 'Threshold strategy 阈值方法');
for (const s of PREVIEW_STRATEGIES) {
  const option = el('option', undefined, STRATEGY_LABELS[s]);
  option.value = s;
  strategySelect.append(option);
}
strategySelect.addEventListener('change', () => {
  status.textContent = 'Recomputing… 重新计算中…';
  post({ type: 'setStrategy', strategy: strategySelect.value as PreviewStrategy });
});
const exportButton = el('button', undefined, 'Export users to CSV · 导出用户');
exportButton.type = 'button';
exportButton.addEventListener('click', () => post({ type: 'exportSegment', segment: selectedSegment }));
toolbar.append(el('label', undefined, 'Thresholds 阈值: '), strategySelect, exportButton);

const summaryTable = el('table', 'fupan-summary');
summaryTable.id = 'summary';
const usersTitle = el('h3', 'fupan-title');
const specDetails = el('details');
const specText = el('pre');
specDetails.append(el('summary', undefined, 'Definition (spec) 口径'), specText);

const users = new VirtualTable(
  {
    columns: USER_COLUMNS.map((c) => ({
      label: USER_HEADERS[c][0],
      labelZh: USER_HEADERS[c][1],
      numeric: c !== 'user_id' && c !== 'segment',
      width: USER_WIDTHS[c],
    })),
    emptyText: () => 'No users in this segment · 该分群没有用户',
    fetchRows: (start, end) =>
      new Promise<ShownCell[][]>((resolve) => {
        const requestId = nextRequest++;
        pendingRows.set(requestId, (rows) => resolve(rows.map(showUserRow)));
        post({ type: 'requestRows', requestId, segment: selectedSegment, sort, start, end });
      }),
    onHeaderClick: (j) => {
      const column = USER_COLUMNS[j];
      sort =
        sort?.column !== column
          ? { column, descending: false }
          : !sort.descending
            ? { column, descending: true }
            : null;
      users.setSortIndicator(sort ? USER_COLUMNS.indexOf(sort.column) : undefined, sort?.descending ?? false);
      showUsers();
    },
  },
  480,
);
users.element.id = 'users';

app.append(title, meta, toolbar, status, summaryTable, usersTitle, users.element, specDetails);

// --- rendering
function showUserRow(row: UserRow): ShownCell[] {
  const label = summary?.segments.find((s) => s.segment === row[7]);
  return [
    { text: row[0] },
    { text: formatCell(row[1], 'integer') },
    { text: formatCell(row[2], 'integer') },
    { text: formatCell(row[3], 'currency', 2) },
    { text: String(row[4]) },
    { text: String(row[5]) },
    { text: String(row[6]) },
    { text: label ? `${label.labelEn} · ${label.labelZh}` : row[7] },
  ];
}

function showSummary(s: PreviewSummary): void {
  summary = s;
  strategySelect.value = s.strategy;
  title.textContent = `RFM segments · RFM 客户分群 — ${s.fileName}`;
  meta.textContent = `${s.orders.toLocaleString('en-US')} orders 订单 · ${s.users.toLocaleString('en-US')} users 用户 · as of 截至 ${s.asOf}`;
  status.textContent = '';
  specText.textContent = JSON.stringify(s.spec, null, 2);

  const head = el('thead');
  const headRow = el('tr');
  for (const [en, zh] of [
    ['Segment', '分群'],
    ['Users', '用户数'],
    ['Share', '占比'],
    ['Mean R (days)', '平均最近消费（天）'],
    ['Mean F', '平均频率'],
    ['Mean M', '平均金额'],
  ]) {
    // Numeric headers right-aligned, over their numbers.
    const th = el('th', en === 'Segment' ? undefined : 'num', en);
    th.append(el('small', undefined, zh));
    headRow.append(th);
  }
  head.append(headRow);
  const body = el('tbody');
  const all = segmentRow('All users', '全部用户', null, s.users, 1, null, null, null);
  body.append(all);
  for (const seg of s.segments) {
    body.append(
      segmentRow(
        seg.labelEn,
        seg.labelZh,
        seg.segment,
        seg.users,
        seg.share,
        seg.meanRecency,
        seg.meanFrequency,
        seg.meanMonetary,
      ),
    );
  }
  summaryTable.replaceChildren(head, body);
  summaryTable.dataset.strategy = s.strategy;
  if (selectedSegment && !s.segments.some((x) => x.segment === selectedSegment)) selectedSegment = null;
  showUsers();
}

function segmentRow(
  en: string,
  zh: string,
  segment: string | null,
  count: number,
  share: number,
  r: number | null,
  f: number | null,
  m: number | null,
): HTMLTableRowElement {
  const tr = el('tr');
  tr.dataset.segment = segment ?? '';
  tr.tabIndex = 0;
  const name = el('td');
  name.append(el('span', 'segment-en', en), el('span', 'segment-zh', zh));
  tr.append(
    name,
    el('td', 'num segment-count', formatCell(count, 'integer')),
    el('td', 'num', formatCell(share, 'percent', 1)),
    el('td', 'num', formatCell(r, 'number', 1)),
    el('td', 'num', formatCell(f, 'number', 2)),
    el('td', 'num', formatCell(m, 'currency', 2)),
  );
  const select = () => {
    selectedSegment = segment;
    showUsers();
  };
  tr.addEventListener('click', select);
  tr.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && select());
  return tr;
}

function showUsers(): void {
  if (!summary) return;
  const seg = summary.segments.find((s) => s.segment === selectedSegment);
  const count = seg ? seg.users : summary.users;
  usersTitle.textContent = seg
    ? `Users in ${seg.labelEn} · ${seg.labelZh} (${count.toLocaleString('en-US')})`
    : `All users · 全部用户 (${count.toLocaleString('en-US')})`;
  exportButton.textContent = seg
    ? `Export ${seg.labelEn} users to CSV · 导出该群用户`
    : 'Export all users to CSV · 导出全部用户';
  for (const tr of summaryTable.querySelectorAll('tbody tr')) {
    (tr as HTMLElement).classList.toggle(
      'selected',
      (tr as HTMLElement).dataset.segment === (selectedSegment ?? ''),
    );
  }
  users.setRowCount(count);
}

/** The file being loaded, until its summary (or its error) arrives. */
let loadingFile: string | undefined;

window.addEventListener('message', (event: MessageEvent<PreviewHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'loading':
      loadingFile = message.fileName;
      title.textContent = `Loading ${message.fileName}… 加载中…`;
      break;
    case 'summary':
      loadingFile = undefined;
      showSummary(message.summary);
      break;
    case 'rows':
      pendingRows.get(message.requestId)?.(message.rows);
      pendingRows.delete(message.requestId);
      break;
    case 'status':
      status.classList.remove('error');
      status.textContent = message.text;
      break;
    case 'cancelled':
      loadingFile = undefined;
      title.textContent = `Loading ${message.fileName} cancelled · 已取消加载`;
      status.classList.remove('error');
      status.textContent =
        'Cancelled: run Preview Segments again to load the file. 已取消：重新运行“预览客户分群”即可加载。';
      break;
    case 'error':
      // A load that failed leaves no "Loading…" heading behind.
      if (loadingFile !== undefined) title.textContent = `Could not preview ${loadingFile} · 无法预览`;
      status.textContent = `Error 错误: ${message.message}`;
      status.classList.add('error');
      break;
  }
});

post({ type: 'ready' });
