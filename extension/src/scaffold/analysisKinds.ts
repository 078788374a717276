/** The notebooks the scaffold commands write, each from a template of `notebooks/templates/`. */
export interface AnalysisKind {
  id: 'campaign' | 'rfm' | 'retention' | 'churn' | 'lifecycle';
  label: string;
  labelZh: string;
  /** Template file in `notebooks/templates/` (copied into the extension's `templates/` at build). */
  template: string;
  /** Used when the template has not been written: a notebook that has the same parameter cell. */
  fallback?: string;
  /** File name of the new notebook, without `.ipynb`. */
  fileBase: string;
}

/** All kinds, the campaign review first. */
export const ANALYSIS_KINDS: readonly AnalysisKind[] = [
  {
    id: 'campaign',
    label: 'Campaign review',
    labelZh: '活动复盘',
    template: 'campaign-review.ipynb',
    fallback: '000-campaign-review.ipynb',
    fileBase: 'campaign-review',
  },
  {
    id: 'rfm',
    label: 'RFM segmentation',
    labelZh: 'RFM 客户分群',
    template: 'rfm.ipynb',
    fileBase: 'rfm-segmentation',
  },
  {
    id: 'retention',
    label: 'Retention & cohorts',
    labelZh: '留存与同期群',
    template: 'retention-cohort.ipynb',
    fileBase: 'retention-cohorts',
  },
  {
    id: 'churn',
    label: 'Churn warning',
    labelZh: '流失预警',
    template: 'churn-warning.ipynb',
    fileBase: 'churn-warning',
  },
  {
    id: 'lifecycle',
    label: 'Lifecycle',
    labelZh: '生命周期',
    template: 'lifecycle.ipynb',
    fileBase: 'lifecycle',
  },
];

/** Canonical table of a data input of the template, by its key in `DATA` (e.g. `orders` → orders). */
export function tableOfInput(key: string): string | undefined {
  const tables = ['users', 'events', 'orders', 'payouts', 'balances', 'coupons', 'costs', 'invites'];
  return tables.includes(key) ? key : undefined;
}
