import { keyBytes, word, type KeyBatch } from './keyBatch.js';

/**
 * Interns byte strings (user ids, categories) to codes without making a JS string per row: a hash
 * table over the raw bytes, with a string made only the first time a value is seen. This is what lets
 * a 10M-row file with 1M distinct ids load without 10M short-lived strings.
 *
 * Keys of up to 16 bytes (most ids: `u0001234`, `17850`, `usr_0001234`) live packed in the slot itself,
 * beside their length and code, so a lookup touches one slot: one cache miss in a table larger than the
 * cache. Up to 8 bytes take slots of 16 bytes, 9–16 bytes slots of 24. Longer keys (UUIDs) go to a
 * table that compares against a byte arena. The tables start tiny and double: a file with 24,000 text
 * columns makes 48,000 of them.
 */
export class ByteInterner {
  private short?: ShortKeyTable;
  private mid?: MidKeyTable;
  private long?: LongKeyTable;

  /** @param toCode the code of a value seen for the first time (decodes and encodes it) */
  constructor(private readonly toCode: CodeOf) {}

  /** Number of distinct byte strings seen. */
  get size(): number {
    return (this.short?.size ?? 0) + (this.mid?.size ?? 0) + (this.long?.size ?? 0);
  }

  /** The code of bytes [s, e). */
  code(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (n <= 8) return (this.short ??= new ShortKeyTable(this.toCode)).code(b, s, e);
    if (n <= 16) return (this.mid ??= new MidKeyTable(this.toCode)).code(b, s, e);
    return (this.long ??= new LongKeyTable(this.toCode)).code(b, s, e);
  }

  /** The codes of a batch of keys (see {@link KeyBatch}), each into `out` at its row; empties the batch. */
  codeBatch(batch: KeyBatch, out: Int32Array): void {
    if (batch.count === 0) return;
    if (batch.mid) (this.mid ??= new MidKeyTable(this.toCode)).codeBatch(batch, out);
    else (this.short ??= new ShortKeyTable(this.toCode)).codeBatch(batch, out);
    batch.count = 0;
  }

  /** The code of bytes [s, e), or -1 when they have not been seen (nothing is added). */
  find(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const table = n <= 8 ? this.short : n <= 16 ? this.mid : this.long;
    return table ? table.find(b, s, e) : -1;
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

  /** The code of bytes [s, e), adding them when new. */
  abstract code(b: Uint8Array, s: number, e: number): number;
  /** The code of bytes [s, e), or -1 when they are not in the table. */
  abstract find(b: Uint8Array, s: number, e: number): number;
}

/** murmur3's finaliser over the two key words and the length: spreads ids that differ in one digit. */
function mix(w0: number, w1: number, n: number): number {
  let h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ n, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Four key words folded to two (each word multiplied by its own odd constant), then {@link mix}: the hash
 * of a 9–16-byte key, its bytes as little-endian words zero-padded. Exported for tests.
 */
export function mix4(w0: number, w1: number, w2: number, w3: number, n: number): number {
  return mix(w0 ^ Math.imul(w2, 0x27d4eb2f), w1 ^ Math.imul(w3, 0x165667b1), n);
}

/**
 * Keys packed in the slots: `stride` ints per slot, the first the key's length + 1 (0 = empty slot),
 * the second its code, the rest the key's bytes as words. Subclasses read and compare the key.
 */
abstract class InlineKeyTable extends KeyTable {
  protected slots: Int32Array;

  /** A key of a batch as bytes, for `toCode`. */
  private readonly key = new Uint8Array(16);

  constructor(
    toCode: CodeOf,
    private readonly stride: number,
  ) {
    super(toCode);
    this.slots = new Int32Array(FIRST_SLOTS * stride);
  }

  /** The hash of the key held by the used slot at `at`. */
  protected abstract hashAt(slots: Int32Array, at: number): number;

  /** The hash of key `k` of a batch. */
  protected abstract hashOf(words: Int32Array, w: number, n: number): number;

  /** The slot of key `k` of a batch (hashed), or the empty slot where it belongs. */
  protected abstract batchSlot(batch: KeyBatch, k: number): number;

  /** The codes of a batch's keys into `out` (see {@link KeyBatch} for why a batch). */
  codeBatch(batch: KeyBatch, out: Int32Array): void {
    const { rows, lengths, words, hashes } = batch;
    const count = batch.count;
    const stride = this.stride;
    let touched = 0;
    for (let k = 0; k < count; k++) hashes[k] = this.hashOf(words, k << 2, lengths[k]);
    // Independent loads of each key's first slot: their misses overlap, the lookups below then hit.
    const first = this.slots;
    const mask = this.mask;
    for (let k = 0; k < count; k++) touched |= first[(hashes[k] & mask) * stride];
    for (let k = 0; k < count; k++) {
      const at = this.batchSlot(batch, k);
      const slots = this.slots;
      if (slots[at] !== 0) out[rows[k]] = slots[at + 1];
      else {
        const n = keyBytes(batch, k, this.key);
        const code = this.toCode(this.key, 0, n);
        slots[at] = n + 1;
        slots[at + 1] = code;
        for (let j = 2; j < stride; j++) slots[at + j] = words[(k << 2) + j - 2];
        out[rows[k]] = code;
        this.added();
      }
    }
    if (touched === 0x7fffffff) this.key[0] = 0; // keeps the loads above from being optimised away
  }

  /** Counts a key just written into a slot, and doubles the table past half full. */
  protected added(): void {
    if (++this.count * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const stride = this.stride;
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size * stride);
    const mask = size - 1;
    for (let at = 0; at < old.length; at += stride) {
      if (old[at] === 0) continue;
      let slot = this.hashAt(old, at) & mask;
      while (slots[slot * stride] !== 0) slot = (slot + 1) & mask;
      const to = slot * stride;
      for (let k = 0; k < stride; k++) slots[to + k] = old[at + k];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** Keys of up to 8 bytes; slots of 4 ints: length + 1, code, key bytes 0-3, key bytes 4-7. */
class ShortKeyTable extends InlineKeyTable {
  constructor(toCode: CodeOf) {
    super(toCode, 4);
  }

  /** The slot holding the key, or the empty slot where it belongs. */
  private slotOf(h: number, w0: number, w1: number, n: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const at = slot << 2;
      const meta = slots[at];
      if (meta === 0 || (meta === n + 1 && slots[at + 2] === w0 && slots[at + 3] === w1)) return at;
      slot = (slot + 1) & mask;
    }
  }

  code(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const w0 = word(b, s, e);
    const w1 = word(b, s + 4, e);
    const at = this.slotOf(mix(w0, w1, n), w0, w1, n);
    const slots = this.slots;
    if (slots[at] !== 0) return slots[at + 1];
    const code = this.toCode(b, s, e);
    slots[at] = n + 1;
    slots[at + 1] = code;
    slots[at + 2] = w0;
    slots[at + 3] = w1;
    this.added();
    return code;
  }

  find(b: Uint8Array, s: number, e: number): number {
    const w0 = word(b, s, e);
    const w1 = word(b, s + 4, e);
    const at = this.slotOf(mix(w0, w1, e - s), w0, w1, e - s);
    return this.slots[at] !== 0 ? this.slots[at + 1] : -1;
  }

  protected hashAt(slots: Int32Array, at: number): number {
    return mix(slots[at + 2], slots[at + 3], slots[at] - 1);
  }

  protected hashOf(words: Int32Array, w: number, n: number): number {
    return mix(words[w], words[w + 1], n);
  }

  protected batchSlot(batch: KeyBatch, k: number): number {
    const w = k << 2;
    return this.slotOf(batch.hashes[k], batch.words[w], batch.words[w + 1], batch.lengths[k]);
  }
}

/** Keys of 9–16 bytes; slots of 6 ints: length + 1, code, key bytes 0-3, 4-7, 8-11, 12-15. */
export class MidKeyTable extends InlineKeyTable {
  constructor(toCode: CodeOf) {
    super(toCode, 6);
  }

  /** The slot holding the key, or the empty slot where it belongs. */
  private slotOf(h: number, w0: number, w1: number, w2: number, w3: number, n: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const at = slot * 6;
      const meta = slots[at];
      if (
        meta === 0 ||
        (meta === n + 1 &&
          slots[at + 2] === w0 &&
          slots[at + 3] === w1 &&
          slots[at + 4] === w2 &&
          slots[at + 5] === w3)
      )
        return at;
      slot = (slot + 1) & mask;
    }
  }

  code(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const w0 = b[s] | (b[s + 1] << 8) | (b[s + 2] << 16) | (b[s + 3] << 24);
    const w1 = b[s + 4] | (b[s + 5] << 8) | (b[s + 6] << 16) | (b[s + 7] << 24);
    const w2 = word(b, s + 8, e);
    const w3 = word(b, s + 12, e);
    const at = this.slotOf(mix4(w0, w1, w2, w3, n), w0, w1, w2, w3, n);
    const slots = this.slots;
    if (slots[at] !== 0) return slots[at + 1];
    const code = this.toCode(b, s, e);
    slots[at] = n + 1;
    slots[at + 1] = code;
    slots[at + 2] = w0;
    slots[at + 3] = w1;
    slots[at + 4] = w2;
    slots[at + 5] = w3;
    this.added();
    return code;
  }

  find(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const w0 = word(b, s, e);
    const w1 = word(b, s + 4, e);
    const w2 = word(b, s + 8, e);
    const w3 = word(b, s + 12, e);
    const at = this.slotOf(mix4(w0, w1, w2, w3, n), w0, w1, w2, w3, n);
    return this.slots[at] !== 0 ? this.slots[at + 1] : -1;
  }

  protected hashAt(slots: Int32Array, at: number): number {
    return mix4(slots[at + 2], slots[at + 3], slots[at + 4], slots[at + 5], slots[at] - 1);
  }

  protected hashOf(words: Int32Array, w: number, n: number): number {
    return mix4(words[w], words[w + 1], words[w + 2], words[w + 3], n);
  }

  protected batchSlot(batch: KeyBatch, k: number): number {
    const w = batch.words;
    const at = k << 2;
    return this.slotOf(batch.hashes[k], w[at], w[at + 1], w[at + 2], w[at + 3], batch.lengths[k]);
  }
}

function grown<T extends Int32Array | Uint8Array>(a: T, atLeast: number): T {
  let n = a.length * 2;
  while (n < atLeast) n *= 2;
  const bigger = new (a.constructor as new (n: number) => T)(n);
  bigger.set(a);
  return bigger;
}

/**
 * Keys of any length (used for those over 16 bytes): hashes and codes per entry, key bytes in an arena.
 * A lookup reads the slot, the entry's hash, length, start and code, and the arena: several cache misses.
 */
export class LongKeyTable extends KeyTable {
  private slots = new Int32Array(FIRST_SLOTS);
  private hashes = new Int32Array(FIRST_SLOTS / 2);
  private starts = new Int32Array(FIRST_SLOTS / 2);
  private lengths = new Int32Array(FIRST_SLOTS / 2);
  private codes = new Int32Array(FIRST_SLOTS / 2);
  private arena = new Uint8Array(FIRST_SLOTS * 16);
  private arenaLength = 0;

  /** The FNV-1a hash of bytes [s, e). */
  private static hash(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    return h;
  }

  /** The slot holding the key (its entry + 1), or the empty slot where it belongs. */
  private slotOf(h: number, b: Uint8Array, s: number, n: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const k = slots[slot];
      if (k === 0) return slot;
      const entry = k - 1;
      if (this.hashes[entry] === h && this.lengths[entry] === n && this.sameBytes(entry, b, s, n))
        return slot;
      slot = (slot + 1) & mask;
    }
  }

  code(b: Uint8Array, s: number, e: number): number {
    const h = LongKeyTable.hash(b, s, e);
    const slot = this.slotOf(h, b, s, e - s);
    const k = this.slots[slot];
    if (k !== 0) return this.codes[k - 1];
    const code = this.toCode(b, s, e);
    this.add(h, b, s, e - s, code, slot);
    return code;
  }

  find(b: Uint8Array, s: number, e: number): number {
    const k = this.slots[this.slotOf(LongKeyTable.hash(b, s, e), b, s, e - s)];
    return k !== 0 ? this.codes[k - 1] : -1;
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
