/**
 * Interns byte strings (user ids, categories) to codes without making a JS string per row: a hash
 * table over the raw bytes, with a string made only the first time a value is seen. This is what lets
 * a 10M-row file with 1M distinct ids load without 10M short-lived strings.
 *
 * Keys of up to 8 bytes (most ids: `u0001234`, `17850`) live packed in the slot itself, so a lookup
 * touches one cache line; longer keys go to a table that compares against a byte arena.
 */
export class ByteInterner {
  private readonly short: ShortKeyTable;
  private readonly long: LongKeyTable;

  /** @param toCode the code of a value seen for the first time (decodes and encodes it) */
  constructor(toCode: (b: Uint8Array, s: number, e: number) => number) {
    this.short = new ShortKeyTable(toCode);
    this.long = new LongKeyTable(toCode);
  }

  /** Number of distinct byte strings seen. */
  get size(): number {
    return this.short.size + this.long.size;
  }

  /** The code of bytes [s, e). */
  code(b: Uint8Array, s: number, e: number): number {
    return e - s <= 8 ? this.short.code(b, s, e) : this.long.code(b, s, e);
  }
}

/** Slots of 4 ints: key bytes 0-3, key bytes 4-7, length + 1 (0 = empty slot), code. */
class ShortKeyTable {
  private slots = new Int32Array(4 << 12);
  private mask = (1 << 12) - 1;
  private count = 0;

  constructor(private readonly toCode: (b: Uint8Array, s: number, e: number) => number) {}

  get size(): number {
    return this.count;
  }

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
    let h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ n, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
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
      let h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ (meta - 1), 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      let slot = h & mask;
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

/** Keys longer than 8 bytes: hashes and codes per entry, key bytes in an arena. */
class LongKeyTable {
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private hashes = new Int32Array(1024);
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private codes = new Int32Array(1024);
  private arena = new Uint8Array(1 << 16);
  private arenaLength = 0;
  private count = 0;

  constructor(private readonly toCode: (b: Uint8Array, s: number, e: number) => number) {}

  get size(): number {
    return this.count;
  }

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
    if (entry === this.hashes.length) this.growEntries();
    while (this.arenaLength + n > this.arena.length) {
      const bigger = new Uint8Array(this.arena.length * 2);
      bigger.set(this.arena.subarray(0, this.arenaLength));
      this.arena = bigger;
    }
    this.arena.set(b.subarray(s, s + n), this.arenaLength);
    this.hashes[entry] = h;
    this.starts[entry] = this.arenaLength;
    this.lengths[entry] = n;
    this.codes[entry] = code;
    this.arenaLength += n;
    this.slots[slot] = entry + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const bigger = new Int32Array(a.length * 2);
      bigger.set(a);
      return bigger;
    };
    this.hashes = grow(this.hashes);
    this.starts = grow(this.starts);
    this.lengths = grow(this.lengths);
    this.codes = grow(this.codes);
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
