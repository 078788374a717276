import { relativeDataPath } from './notebookFiles.js';
import { readParameter } from './parameterCell.js';
import { templateInputs } from './templateInputs.js';
import { tierLabels, type CouponRow } from './tiers.js';

/** What the user answered in the scaffold's quick picks (建笔记本时的回答). */
export interface ScaffoldAnswers {
  /** Input key → the user's file (absolute path), or null for an optional input the user skipped. */
  files: Record<string, string | null>;
  /** Input key → the confirmed column mapping (canonical camelCase name → header). */
  columns: Record<string, Record<string, string>>;
  /**
   * Input key → extra `load()` options the file needs (the template's `LOAD_OPTIONS`): an amount derived as
   * Quantity × UnitPrice when no header is one, `missingUsers: 'drop'` when its first rows have blank customer
   * ids (load() counts the dropped rows in its report). Optional: none.
   */
  loadOptions?: Record<string, Record<string, unknown>>;
  /** The zone of local days: the data's own offset, or what the user picked (UTC preselected). */
  timeZone: string;
  /** Tier lower bounds the user typed; absent keeps the template's own rule (e.g. the data's quantiles). */
  tierCuts?: number[];
  /** The coupon table the user typed for those tiers. */
  plan?: CouponRow[];
}

/**
 * The parameter-cell values a set of answers writes, by constant name (only constants the template declares):
 * `DATA` with every input replaced (a path relative to the notebook, or null when skipped: no template sample
 * path is left), `COLUMNS` and `LOAD_OPTIONS` per input, `TIME_ZONE`, and for typed tiers `TIERS` (bounds and labels) and
 * `NEXT_PLAN`.
 * @param source the template's parameter cell
 * @param notebookFolder the folder the notebook is written to (paths are relative to it)
 * @param answers what the user answered
 * @returns constant name → value, for `setParameters`
 * @throws Error when a required input has no file (the command asks for each one before)
 */
export function parameterValues(
  source: string,
  notebookFolder: string,
  answers: ScaffoldAnswers,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const inputs = templateInputs(source);
  if (inputs.length > 0) {
    const data: Record<string, string | null> = {};
    for (const input of inputs) {
      const file = answers.files[input.key] ?? null;
      if (file === null && !input.optional) throw new Error(`no file for the required input ${input.key}`);
      data[input.key] = file === null ? null : relativeDataPath(notebookFolder, file);
    }
    values.DATA = data;
  }
  const columns = readParameter(source, 'COLUMNS');
  if (columns !== undefined) {
    values.COLUMNS = Object.fromEntries(inputs.map((i) => [i.key, answers.columns[i.key] ?? {}]));
  }
  const loadOptions = readParameter(source, 'LOAD_OPTIONS');
  if (loadOptions !== undefined && typeof loadOptions === 'object' && loadOptions !== null) {
    values.LOAD_OPTIONS = Object.fromEntries(
      inputs.map((i) => [
        i.key,
        {
          ...((loadOptions as Record<string, object>)[i.key] ?? {}),
          ...(answers.loadOptions?.[i.key] ?? {}),
        },
      ]),
    );
  }
  if (readParameter(source, 'TIME_ZONE') !== undefined) values.TIME_ZONE = answers.timeZone;
  const tiers = readParameter(source, 'TIERS');
  if (answers.tierCuts && tiers && typeof tiers === 'object') {
    values.TIERS = { ...tiers, cuts: answers.tierCuts, labels: tierLabels(answers.tierCuts) };
  }
  if (answers.plan && readParameter(source, 'NEXT_PLAN') !== undefined) values.NEXT_PLAN = answers.plan;
  return values;
}
