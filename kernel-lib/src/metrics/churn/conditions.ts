import { SpecError } from '../../errors.js';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../lifecycle/stages.js';

/**
 * A tiny rule language, as JSON data, for conditions that mix behaviour and state (预警规则):
 *
 * ```json
 * { "all": [ { "daysSinceLast": { "event": "login" }, "gt": 15 }, { "balance": { "lt": 100 } } ] }
 * ```
 *
 * A condition is `{ all: [...] }`, `{ any: [...] }`, `{ not: ... }`, `{ channel: { in: [...] } }`,
 * `{ stage: { in: ['introduction', …] } }` (the life-cycle stage as of the day) or a
 * measure with comparisons. Comparisons (`gt`, `gte`, `lt`, `lte`, `eq`) sit beside the measure or
 * inside its argument object; all of them must hold. Every number is data, none is built in.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { channel: { in: string[] } }
  | { stage: { in: LifecycleStage[] } }
  | MeasureCondition;

/** Comparisons of a measure against numbers. */
export interface Comparison {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
}

/** Arguments of the order measures: a trailing window and a product type. */
export interface OrderFilter extends Comparison {
  /** Only orders within the last N days (as-of day included). */
  withinDays?: number;
  /** Only orders of this product_type (e.g. 'rateBoost'). */
  productType?: string;
}

/** A measure and its comparisons. */
export type MeasureCondition = Comparison &
  (
    | { daysSinceLast: { event?: string; order?: boolean; activity?: boolean } & Comparison }
    | { daysSinceSignup: Comparison }
    | { balance: Comparison }
    | { maxBalance: Comparison }
    | { balanceDropFromMax: Comparison }
    | { cumulativeInvestment: OrderFilter }
    | { orderCount: OrderFilter }
    | { maxOrderAmount: OrderFilter }
    | { eventCount: { event: string; withinDays?: number } & Comparison }
  );

/**
 * The measures, as of the end of the as-of day (rows after it are never read):
 * - `daysSinceLast`: days since the last `event` of a kind / order / activity (churn rule's activity);
 *   a user who never did it counts from sign-up;
 * - `daysSinceSignup`;
 * - `balance` (latest balance row, 0 when none), `maxBalance` (historical maximum, 0 when none),
 *   `balanceDropFromMax` (share below the maximum, 0–1);
 * - `cumulativeInvestment`, `orderCount`, `maxOrderAmount` (0 without orders), optionally within a
 *   trailing window or of one product type;
 * - `eventCount`: events of a kind, optionally within a trailing window.
 */
export type MeasureName =
  | 'daysSinceLast'
  | 'daysSinceSignup'
  | 'balance'
  | 'maxBalance'
  | 'balanceDropFromMax'
  | 'cumulativeInvestment'
  | 'orderCount'
  | 'maxOrderAmount'
  | 'eventCount';

export const MEASURES: readonly MeasureName[] = [
  'daysSinceLast',
  'daysSinceSignup',
  'balance',
  'maxBalance',
  'balanceDropFromMax',
  'cumulativeInvestment',
  'orderCount',
  'maxOrderAmount',
  'eventCount',
];

const OPS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
type Op = (typeof OPS)[number];

/** Arguments each measure accepts besides comparisons. */
const ARGS: Record<MeasureName, readonly string[]> = {
  daysSinceLast: ['event', 'order', 'activity'],
  daysSinceSignup: [],
  balance: [],
  maxBalance: [],
  balanceDropFromMax: [],
  cumulativeInvestment: ['withinDays', 'productType'],
  orderCount: ['withinDays', 'productType'],
  maxOrderAmount: ['withinDays', 'productType'],
  eventCount: ['event', 'withinDays'],
};

/** A checked condition, ready to evaluate. */
export type CompiledCondition =
  | { kind: 'all' | 'any'; items: CompiledCondition[] }
  | { kind: 'not'; item: CompiledCondition }
  | { kind: 'channel'; values: Set<string> }
  | { kind: 'stage'; stages: Set<number> }
  | { kind: 'measure'; measure: MeasureName; args: MeasureArgs; ops: [Op, number][] };

/** Arguments of a compiled measure. */
export interface MeasureArgs {
  event?: string;
  order?: boolean;
  activity?: boolean;
  withinDays?: number;
  productType?: string;
}

/**
 * Checks a condition and compiles it. Errors name the path of the bad part, e.g.
 * `invalid rules[0].when.all[1]: ...`.
 * @param condition the condition as JSON
 * @param path where it sits (for messages)
 * @returns the compiled condition
 * @example compileCondition({ all: [{ daysSinceLast: { event: 'login' }, gt: 15 }, { balance: { lt: 100 } }] })
 */
export function compileCondition(condition: unknown, path = 'condition'): CompiledCondition {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    throw new SpecError(
      path,
      condition,
      'a condition object ({ all }, { any }, { not }, { channel } or a measure)',
    );
  }
  const c = condition as Record<string, unknown>;
  const keys = Object.keys(c);
  for (const kind of ['all', 'any'] as const) {
    if (kind in c) {
      if (keys.length !== 1) throw new SpecError(path, keys.join(', '), `"${kind}" alone`);
      const items = c[kind];
      if (!Array.isArray(items) || items.length === 0)
        throw new SpecError(`${path}.${kind}`, items, 'a non-empty array of conditions');
      return { kind, items: items.map((item, i) => compileCondition(item, `${path}.${kind}[${i}]`)) };
    }
  }
  if ('not' in c) {
    if (keys.length !== 1) throw new SpecError(path, keys.join(', '), '"not" alone');
    return { kind: 'not', item: compileCondition(c.not, `${path}.not`) };
  }
  if ('channel' in c) {
    const arg = c.channel as { in?: unknown } | null;
    if (
      keys.length !== 1 ||
      typeof arg !== 'object' ||
      arg === null ||
      !Array.isArray(arg.in) ||
      Object.keys(arg).length !== 1
    ) {
      throw new SpecError(`${path}.channel`, JSON.stringify(c.channel), '{ in: [channel names] }');
    }
    return { kind: 'channel', values: new Set(arg.in.map(String)) };
  }
  if ('stage' in c) {
    const arg = c.stage as { in?: unknown } | null;
    const valid =
      keys.length === 1 &&
      typeof arg === 'object' &&
      arg !== null &&
      Array.isArray(arg.in) &&
      Object.keys(arg).length === 1;
    if (!valid) throw new SpecError(`${path}.stage`, JSON.stringify(c.stage), '{ in: [stage names] }');
    const stages = new Set<number>();
    for (const name of arg.in as unknown[]) {
      const k = LIFECYCLE_STAGES.indexOf(name as LifecycleStage);
      if (k < 0) throw new SpecError(`${path}.stage.in`, name, LIFECYCLE_STAGES);
      stages.add(k);
    }
    return { kind: 'stage', stages };
  }
  const measures = keys.filter((k) => (MEASURES as readonly string[]).includes(k));
  if (measures.length !== 1) {
    const unknown = keys.find((k) => !(OPS as readonly string[]).includes(k)) ?? keys.join(', ');
    throw new SpecError(`${path} measure`, unknown, [...MEASURES, 'all', 'any', 'not', 'channel', 'stage']);
  }
  const measure = measures[0] as MeasureName;
  const ops: [Op, number][] = [];
  const readOps = (obj: Record<string, unknown>, where: string, allowed: readonly string[]) => {
    for (const [k, v] of Object.entries(obj)) {
      if ((OPS as readonly string[]).includes(k)) {
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new SpecError(`${where}.${k}`, v, 'a finite number');
        ops.push([k as Op, v]);
      } else if (!allowed.includes(k)) {
        throw new SpecError(`${where} option`, k, [...allowed, ...OPS]);
      }
    }
  };
  readOps(c, path, [measure]);
  const raw = c[measure] ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SpecError(`${path}.${measure}`, raw, 'an object');
  readOps(raw as Record<string, unknown>, `${path}.${measure}`, ARGS[measure]);
  if (ops.length === 0)
    throw new SpecError(`${path}.${measure}`, JSON.stringify(raw), 'at least one of gt, gte, lt, lte, eq');
  const args = checkArgs(measure, raw as MeasureArgs, `${path}.${measure}`);
  return { kind: 'measure', measure, args, ops };
}

function checkArgs(measure: MeasureName, raw: MeasureArgs, where: string): MeasureArgs {
  const args: MeasureArgs = {};
  if (raw.event !== undefined) {
    if (typeof raw.event !== 'string' || raw.event === '')
      throw new SpecError(`${where}.event`, raw.event, 'an event name');
    args.event = raw.event;
  }
  if (raw.withinDays !== undefined) {
    if (!Number.isInteger(raw.withinDays) || raw.withinDays < 1)
      throw new SpecError(`${where}.withinDays`, raw.withinDays, 'a whole number of days ≥ 1');
    args.withinDays = raw.withinDays;
  }
  if (raw.productType !== undefined) {
    if (typeof raw.productType !== 'string')
      throw new SpecError(`${where}.productType`, raw.productType, 'a product type');
    args.productType = raw.productType;
  }
  if (measure === 'daysSinceLast') {
    const given = [raw.event !== undefined, raw.order === true, raw.activity === true].filter(Boolean).length;
    if (given !== 1)
      throw new SpecError(
        where,
        JSON.stringify(raw),
        'exactly one of { event: name }, { order: true }, { activity: true }',
      );
    if (raw.order) args.order = true;
    if (raw.activity) args.activity = true;
  }
  if (measure === 'eventCount' && args.event === undefined)
    throw new SpecError(`${where}.event`, undefined, 'an event name');
  return args;
}

/** Whether a value passes every comparison. */
export function compare(value: number, ops: [Op, number][]): boolean {
  for (const [op, x] of ops) {
    const ok =
      op === 'gt'
        ? value > x
        : op === 'gte'
          ? value >= x
          : op === 'lt'
            ? value < x
            : op === 'lte'
              ? value <= x
              : value === x;
    if (!ok) return false;
  }
  return true;
}

/** The measures a compiled condition reads (to check the tables they need exist). */
export function measuresOf(condition: CompiledCondition, out = new Set<MeasureName>()): Set<MeasureName> {
  if (condition.kind === 'all' || condition.kind === 'any')
    condition.items.forEach((c) => measuresOf(c, out));
  else if (condition.kind === 'not') measuresOf(condition.item, out);
  else if (condition.kind === 'measure') out.add(condition.measure);
  return out;
}

/** Whether a compiled condition reads the life-cycle stage (which needs the stage definition). */
export function readsStage(condition: CompiledCondition): boolean {
  if (condition.kind === 'all' || condition.kind === 'any') return condition.items.some(readsStage);
  if (condition.kind === 'not') return readsStage(condition.item);
  return condition.kind === 'stage';
}
