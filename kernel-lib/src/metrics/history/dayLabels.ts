import { formatDay } from '../../time/zone.js';

/**
 * `formatDay` with a memo: per-user result columns repeat a few hundred distinct days for thousands of
 * users, and building a Date per cell was the largest cost of a stage classification (measured).
 * @returns a function from a local day number to `YYYY-MM-DD`
 * @example const label = dayLabels(); label(17226) // '2017-03-01'
 */
export function dayLabels(): (day: number) => string {
  const memo = new Map<number, string>();
  return (day) => {
    let s = memo.get(day);
    if (s === undefined) {
      s = formatDay(day);
      memo.set(day, s);
    }
    return s;
  };
}
