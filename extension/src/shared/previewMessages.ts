/**
 * Messages between the segment preview webview and the extension host, typed once for both sides. Every
 * message has one `type` field; the host owns the data, the webview asks for windows of rows.
 */

/** Threshold strategies offered by the preview (how high/low is decided per dimension). */
export const PREVIEW_STRATEGIES = ['quantile', 'mean', 'pareto'] as const;
/** See {@link PREVIEW_STRATEGIES}. */
export type PreviewStrategy = (typeof PREVIEW_STRATEGIES)[number];

/** Columns of the per-user table, in order. */
export const USER_COLUMNS = [
  'user_id',
  'recency',
  'frequency',
  'monetary',
  'r',
  'f',
  'm',
  'segment',
] as const;
/** A column of the per-user table. */
export type UserColumn = (typeof USER_COLUMNS)[number];

/** One row of the per-user table (values in {@link USER_COLUMNS} order; the segment as its id). */
export type UserRow = [string, number, number, number, number, number, number, string];

/** One of the 8 segments in the summary. */
export interface SegmentSummaryRow {
  segment: string;
  labelEn: string;
  labelZh: string;
  users: number;
  /** Fraction of all scored users. */
  share: number;
  meanRecency: number | null;
  meanFrequency: number | null;
  meanMonetary: number | null;
}

/** What the summary view shows. */
export interface PreviewSummary {
  fileName: string;
  strategy: PreviewStrategy;
  orders: number;
  users: number;
  asOf: string;
  segments: SegmentSummaryRow[];
  /** The resolved RFM spec, shown so a reader knows the definition. */
  spec: unknown;
}

/** Sort of the per-user table. */
export interface UserSort {
  column: UserColumn;
  descending: boolean;
}

/** Host → webview. */
export type PreviewHostMessage =
  | { type: 'loading'; fileName: string }
  | { type: 'summary'; summary: PreviewSummary }
  | { type: 'rows'; requestId: number; start: number; rows: UserRow[] }
  | { type: 'status'; text: string }
  | { type: 'error'; message: string }
  /** The user cancelled the load (no error). */
  | { type: 'cancelled'; fileName: string };

/** Webview → host. */
export type PreviewWebviewMessage =
  | { type: 'ready' }
  | { type: 'setStrategy'; strategy: PreviewStrategy }
  | {
      type: 'requestRows';
      requestId: number;
      /** Only this segment's users; null for everyone. */
      segment: string | null;
      sort: UserSort | null;
      start: number;
      end: number;
    }
  | { type: 'exportSegment'; segment: string | null };
