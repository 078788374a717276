/**
 * Tiers (分层) and the coupon table (红包方案) of a campaign review, as the user types them in an input box.
 */

/** One row of the coupon table: a tier gets "spend at least `threshold`, get `reward` back" (满X返Y). */
export interface CouponRow {
  tier: string;
  threshold: number;
  reward: number;
}

/**
 * Parses tier lower bounds typed as `0, 5000, 20000` (commas or spaces; `,` inside numbers not allowed).
 * @returns the ascending bounds, or an error text for the input box
 * @example parseTierCuts('0 5000 20000') // { cuts: [0, 5000, 20000] }
 */
export function parseTierCuts(text: string): { cuts: number[] } | { error: string } {
  const parts = text.split(/[\s,，;]+/).filter(Boolean);
  if (parts.length === 0) return { error: 'enter at least one lower bound, e.g. 0, 5000, 20000' };
  const cuts = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isFinite(cuts[i]));
  if (bad !== undefined) return { error: `"${bad}" is not a number` };
  for (let i = 1; i < cuts.length; i++) {
    if (!(cuts[i] > cuts[i - 1])) return { error: `bounds must ascend: ${cuts[i - 1]} then ${cuts[i]}` };
  }
  return { cuts };
}

/**
 * Labels of tiers from their lower bounds, as the campaign template writes them.
 * @example tierLabels([0, 5000, 20000]) // ['0–4,999', '5,000–19,999', '20,000+']
 */
export function tierLabels(cuts: readonly number[]): string[] {
  const n = (v: number) => v.toLocaleString('en-US');
  return cuts.map((c, i) => (i + 1 < cuts.length ? `${n(c)}–${n(cuts[i + 1] - 1)}` : `${n(c)}+`));
}

/**
 * Formats a coupon table for editing: tiers separated by `|`, each `threshold:reward` pairs.
 * @example formatCouponTable(['0+'], [{ tier: '0+', threshold: 2000, reward: 10 }]) // '2000:10'
 */
export function formatCouponTable(labels: readonly string[], rows: readonly CouponRow[]): string {
  return labels
    .map((label) =>
      rows
        .filter((r) => r.tier === label)
        .map((r) => `${r.threshold}:${r.reward}`)
        .join(' '),
    )
    .join(' | ');
}

/**
 * Parses a coupon table typed as `2000:10 5000:25 | 10000:50 | …`: one group per tier, in tier order.
 * @param text what the user typed
 * @param labels the tiers' labels
 * @returns the rows, or an error text for the input box
 */
export function parseCouponTable(
  text: string,
  labels: readonly string[],
): { rows: CouponRow[] } | { error: string } {
  const groups = text.split('|').map((g) => g.trim());
  if (groups.length !== labels.length) {
    return { error: `expected ${labels.length} tiers separated by "|", got ${groups.length}` };
  }
  const rows: CouponRow[] = [];
  for (let t = 0; t < groups.length; t++) {
    for (const pair of groups[t].split(/[\s,，]+/).filter(Boolean)) {
      const m = /^(\d+(?:\.\d+)?)[:：](\d+(?:\.\d+)?)$/.exec(pair);
      if (!m) return { error: `"${pair}" in tier ${labels[t]} is not threshold:reward (e.g. 2000:10)` };
      rows.push({ tier: labels[t], threshold: Number(m[1]), reward: Number(m[2]) });
    }
  }
  return { rows };
}
