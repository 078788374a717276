import { fupanTable, type ColumnFormat, type FupanTablePayload, type RowFormat } from './fupanTable.js';

/** One published figure beside the one computed from the data (原文 vs 计算). */
export interface ComparedFigure {
  /** What the figure is, in English, e.g. 'recall rate'. */
  figure: string;
  /** The article's term for it, e.g. 召回率. */
  figureZh?: string;
  /**
   * The figure as the article gives it: a number (rates as fractions, like the computed one), or the article's
   * words when it gives a bound or a range rather than a value ('> 90 %'); null when it gives none.
   */
  article: number | string | null;
  /** The figure computed from the data; null when it cannot be computed. */
  computed: number | null;
  /** How both numbers are shown. @default 'number' (up to 2 decimals) */
  format?: Exclude<ColumnFormat, 'string' | 'date'>;
  /** Digits after the point for number / percent / currency. */
  digits?: number;
}

/** Options of {@link articleComparisonTable}. */
export interface ArticleComparisonOptions {
  title?: string;
  titleZh?: string;
  /** Header of the published figures' column. @default { label: 'Article', labelZh: '原文' } */
  reference?: { label: string; labelZh?: string };
  /** The spec behind the computed figures, shown on demand. */
  spec?: unknown;
  notes?: string[];
}

/**
 * Published figures beside computed ones (原文 vs 计算), one row per figure. Numbers stay numbers, each row in
 * its own format (a count, then a rate, then money), so they are right-aligned and formatted like any numeric
 * column; an article's words ('> 90 %') are shown as written.
 * @param figures the figures, in display order
 * @param options title, the reference column's header, spec and notes
 * @returns a Fupan table payload with columns figure, figureZh, article, computed
 * @example display(articleComparisonTable([{ figure: 'recall rate', figureZh: '召回率', article: 0.154, computed: review.summary.recallRate, format: 'percent' }]))
 */
export function articleComparisonTable(
  figures: ComparedFigure[],
  options: ArticleComparisonOptions = {},
): FupanTablePayload {
  const rowFormats = figures.map((f): RowFormat => ({
    format: f.format ?? 'number',
    ...(f.digits === undefined ? {} : { digits: f.digits }),
  }));
  const reference = options.reference ?? { label: 'Article', labelZh: '原文' };
  return fupanTable(
    figures.map((f) => ({
      figure: f.figure,
      figureZh: f.figureZh ?? null,
      article: f.article,
      computed: f.computed,
    })),
    {
      title: options.title,
      titleZh: options.titleZh,
      columns: {
        figure: { label: 'Figure', labelZh: '指标(英文)', format: 'string' },
        figureZh: { label: 'Figure (中文)', labelZh: '指标', format: 'string' },
        article: { ...reference, format: 'number', rowFormats },
        computed: { label: 'Computed', labelZh: '计算', format: 'number', rowFormats },
      },
      spec: options.spec,
      notes: options.notes,
    },
  );
}
