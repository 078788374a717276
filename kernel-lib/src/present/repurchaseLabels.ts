import type { BusinessMode } from '../metrics/repurchase/repurchase.js';

/** Chinese names of the business modes. */
export const BUSINESS_MODE_LABELS_ZH: Record<BusinessMode, string> = {
  acquisition: '用户获取模式',
  hybrid: '混合模式',
  loyalty: '忠诚者模式',
};
