/**
 * A small seeded pseudo-random generator (sfc32, Chris Doty-Humphrey's "small fast counting" RNG): 128 bits
 * of state, 32-bit outputs, passes PractRand far beyond what a data generator draws. Deterministic across
 * platforms because it only uses 32-bit integer arithmetic, so the same seed gives byte-identical files.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = NaN;

  /**
   * @param seed any integer; `stream` and `index` derive independent sub-streams (one per user), so a
   *   user's draws do not depend on how many draws earlier users made.
   * @example const rng = new Random(42, 1, userIndex); rng.uniform()
   */
  constructor(seed: number, stream = 0, index = 0) {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(this.a ^ stream ^ 0x85ebca6b);
    this.c = mix32(this.b ^ index ^ 0xc2b2ae35);
    this.d = mix32(this.c ^ Math.floor(index / 4294967296) ^ 0x27d4eb2f) | 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal (Marsaglia's polar method; the spare value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const s = this.spareNormal;
      this.spareNormal = NaN;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = this.uniform() * 2 - 1;
      v = this.uniform() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** Log-normal with the given median and log-scale sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform());
  }

  /** One of `items`, chosen with the given non-negative weights. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.uniform() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i];
      if (x < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.uniform() * items.length)];
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /**
   * `k` distinct items drawn without replacement, each with probability proportional to its weight
   * (Efraimidis–Spirakis keys u^(1/w)); returned in input order.
   */
  sampleWeighted<T>(items: readonly T[], weights: readonly number[], k: number): T[] {
    if (k >= items.length) return [...items];
    const keys = items.map((_, i) => ({
      i,
      key: Math.log(this.uniform() || 1e-300) / Math.max(weights[i], 1e-12),
    }));
    keys.sort((x, y) => y.key - x.key || x.i - y.i);
    return keys
      .slice(0, k)
      .map((x) => x.i)
      .sort((x, y) => x - y)
      .map((i) => items[i]);
  }
}

/** A 32-bit integer hash (murmur3 finaliser), used to spread seeds. */
export function mix32(x: number): number {
  x |= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
