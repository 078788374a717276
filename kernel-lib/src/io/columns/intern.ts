/**
 * Interns byte strings (user ids, categories) to codes without making a JS string per row: a hash
 * table over the raw bytes, with a string made only the first time a value is seen. This is what lets
 * a 10M-row file with 1M distinct ids load without 10M short-lived strings.
 *
 * Keys of up to 8 bytes (most ids: `u0001234`, `17850`) live packed in the slot itself, so a lookup
 * touches one cache line; longer keys go to a table that compares against a byte arena. Both tables
 * start tiny and double: a file with 24,000 text columns makes 48,000 of them.
 */
export class ByteInterner {
  private short?: ShortKeyTable;
  private long?: LongKeyTable;

  /** @param toCode the code of a value seen for the first time (decodes and encodes it) */
  constructor(private readonly toCode: CodeOf) {}

  /** Number of distinct byte strings seen. */
  get size(): number {
    return (this.short?.size ?? 0) + (this.long?.size ?? 0);
  }

  /** The code of bytes [s, e). */
  code(b: Uint8Array, s: number, e: number): number {
    if (e - s <= 8) return (this.short ??= new ShortKeyTable(this.toCode)).code(b, s, e);
    return (this.long ??= new LongKeyTable(this.toCode)).code(b, s, e);
  }
}

/** The code of a value seen for the first time. */
type CodeOf = (b: Uint8Array, s: number, e: number) => number;

/** Slots of the first allocation (a power of two). */
const FIRST_SLOTS = 16;

/** Open addressing with linear probing, at most half full; subclasses hold the keys. */
abstract class KeyTable {
  protected count = 0;
  /** Number of slots minus one (slots are a power of two). */
  protected mask = FIRST_SLOTS - 1;

  constructor(protected readonly toCode: CodeOf) {}

  get size(): number {
    return this.count;
  }

  abstract code(b: Uint8Array, s: number, e: number): number;
}

/** murmur3's finaliser over the two key words and the length: spreads ids that differ in one digit. */
function mix(w0: number, w1: number, n: number): number {
  let h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ n, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Slots of 4 ints: key bytes 0-3, key bytes 4-7, length + 1 (0 = empty slot), code. */
class ShortKeyTable extends KeyTable {
  private slots = new Int32Array(FIRST_SLOTS * 4);

  code(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    let w0 = 0;
    let w1 = 0;
    if (n >= 4) {
      w0 = b[s] | (b[s + 1] << 8) | (b[s + 2] << 16) | (b[s + 3] << 24);
      for (let k = 4; k < n; k++) w1 |= b[s + k] << ((k - 4) * 8);
    } else {
      for (let k = 0; k < n; k++) w0 |= b[s + k] << (k * 8);
    }
    const slots = this.slots;
    const mask = this.mask;
    let slot = mix(w0, w1, n) & mask;
    for (;;) {
      const at = slot << 2;
      const meta = slots[at + 2];
      if (meta === 0) break;
      if (meta === n + 1 && slots[at] === w0 && slots[at + 1] === w1) return slots[at + 3];
      slot = (slot + 1) & mask;
    }
    const code = this.toCode(b, s, e);
    const at = slot << 2;
    slots[at] = w0;
    slots[at + 1] = w1;
    slots[at + 2] = n + 1;
    slots[at + 3] = code;
    if (++this.count * 2 > mask + 1) this.grow();
    return code;
  }

  private grow(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size * 4);
    const mask = size - 1;
    for (let at = 0; at < old.length; at += 4) {
      const meta = old[at + 2];
      if (meta === 0) continue;
      const w0 = old[at];
      const w1 = old[at + 1];
      let slot = mix(w0, w1, meta - 1) & mask;
      while (slots[(slot << 2) + 2] !== 0) slot = (slot + 1) & mask;
      const to = slot << 2;
      slots[to] = w0;
      slots[to + 1] = w1;
      slots[to + 2] = meta;
      slots[to + 3] = old[at + 3];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function grown<T extends Int32Array | Uint8Array>(a: T, atLeast: number): T {
  let n = a.length * 2;
  while (n < atLeast) n *= 2;
  const bigger = new (a.constructor as new (n: number) => T)(n);
  bigger.set(a);
  return bigger;
}

/** Keys longer than 8 bytes: hashes and codes per entry, key bytes in an arena. */
class LongKeyTable extends KeyTable {
  private slots = new Int32Array(FIRST_SLOTS);
  private hashes = new Int32Array(FIRST_SLOTS / 2);
  private starts = new Int32Array(FIRST_SLOTS / 2);
  private lengths = new Int32Array(FIRST_SLOTS / 2);
  private codes = new Int32Array(FIRST_SLOTS / 2);
  private arena = new Uint8Array(FIRST_SLOTS * 16);
  private arenaLength = 0;

  code(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const k = slots[slot];
      if (k === 0) break;
      const entry = k - 1;
      if (this.hashes[entry] === h && this.lengths[entry] === n && this.sameBytes(entry, b, s, n)) {
        return this.codes[entry];
      }
      slot = (slot + 1) & mask;
    }
    const code = this.toCode(b, s, e);
    this.add(h, b, s, n, code, slot);
    return code;
  }

  private sameBytes(entry: number, b: Uint8Array, s: number, n: number): boolean {
    const arena = this.arena;
    const start = this.starts[entry];
    for (let k = 0; k < n; k++) if (arena[start + k] !== b[s + k]) return false;
    return true;
  }

  private add(h: number, b: Uint8Array, s: number, n: number, code: number, slot: number): void {
    const entry = this.count++;
    if (entry === this.hashes.length) {
      this.hashes = grown(this.hashes, 0);
      this.starts = grown(this.starts, 0);
      this.lengths = grown(this.lengths, 0);
      this.codes = grown(this.codes, 0);
    }
    if (this.arenaLength + n > this.arena.length) this.arena = grown(this.arena, this.arenaLength + n);
    this.arena.set(b.subarray(s, s + n), this.arenaLength);
    this.hashes[entry] = h;
    this.starts[entry] = this.arenaLength;
    this.lengths[entry] = n;
    this.codes[entry] = code;
    this.arenaLength += n;
    this.slots[slot] = entry + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
