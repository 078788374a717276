/**
 * Interns byte strings (user ids, categories) to codes without making a JS string per row: a hash
 * table over the raw bytes, with a string made only the first time a value is seen. This is what lets
 * a 10M-row file with 1M distinct ids load without 10M short-lived strings.
 */
export class ByteInterner {
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private hashes = new Int32Array(1024);
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private codes = new Int32Array(1024);
  private arena = new Uint8Array(1 << 16);
  private arenaLength = 0;
  private count = 0;

  /** @param toCode the code of a value seen for the first time (decodes and encodes it) */
  constructor(private readonly toCode: (b: Uint8Array, s: number, e: number) => number) {}

  /** Number of distinct byte strings seen. */
  get size(): number {
    return this.count;
  }

  /** The code of bytes [s, e). */
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
