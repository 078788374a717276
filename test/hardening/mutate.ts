import { Rng } from './rng.js';

/**
 * Byte mutations of seed inputs: delete / insert / duplicate / flip, random quotes, delimiters,
 * CR / LF, NUL, invalid UTF-8 and huge fields — the shapes that break hand-written parsers.
 */

const SPECIAL = [0x22, 0x2c, 0x0a, 0x0d, 0x09, 0x3b, 0x00, 0x20, 0x7b, 0x7d, 0x5b, 0x5d, 0x3a, 0x5c];
/** Byte runs that are not valid UTF-8 (lone continuation, truncated sequences, overlong, surrogate). */
const INVALID_UTF8 = [
  [0x80],
  [0xff],
  [0xc3],
  [0xe4, 0xb8],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80],
];
const SNIPPETS = [
  '""',
  '","',
  '\r\n',
  '\n\n',
  '"\n"',
  '\uFEFF',
  'NaN',
  '-0',
  '1e309',
  '2016-02-30',
  '\u202e',
];

function splice(b: Buffer, at: number, remove: number, insert: Uint8Array): Buffer {
  return Buffer.concat([b.subarray(0, at), insert, b.subarray(at + remove)]);
}

/** One random mutation; names what it did, for the failure report. */
export function mutateOnce(rng: Rng, b: Buffer): { bytes: Buffer; what: string } {
  const at = rng.int(b.length + 1);
  switch (rng.int(10)) {
    case 0:
      return { bytes: splice(b, at, 1 + rng.int(8), new Uint8Array()), what: `delete@${at}` };
    case 1:
      return { bytes: splice(b, at, 0, Uint8Array.of(rng.int(256))), what: `insert@${at}` };
    case 2: {
      const len = 1 + rng.int(64);
      return { bytes: splice(b, at, 0, b.subarray(Math.max(0, at - len), at)), what: `duplicate@${at}` };
    }
    case 3: {
      const c = Buffer.from(b);
      if (at < c.length) c[at] ^= 1 << rng.int(8);
      return { bytes: c, what: `flip@${at}` };
    }
    case 4:
      return { bytes: splice(b, at, rng.int(2), Uint8Array.of(rng.pick(SPECIAL))), what: `special@${at}` };
    case 5:
      return { bytes: splice(b, at, 0, Uint8Array.from(rng.pick(INVALID_UTF8))), what: `badutf8@${at}` };
    case 6:
      return { bytes: splice(b, at, 0, Buffer.from(rng.pick(SNIPPETS))), what: `snippet@${at}` };
    case 7: {
      // A huge field: tens of KB without a delimiter, sometimes inside an opened quote. (Tens of thousands of
      // delimiters make as many columns, which loads in ~0.5 ms per column: slow, not a hang.)
      const n = 1000 + rng.int(60_000);
      const fill = Buffer.alloc(n, rng.pick([0x61, 0x22, 0x20, 0xe4]));
      return { bytes: splice(b, at, 0, fill), what: `huge${n}@${at}` };
    }
    case 8:
      return { bytes: b.subarray(0, at), what: `truncate@${at}` };
    default: {
      // Repeat a line-sized chunk many times (long files of near-valid rows).
      const from = rng.int(b.length + 1);
      const chunk = b.subarray(from, Math.min(b.length, from + 80));
      return { bytes: Buffer.concat([b, ...Array(rng.int(200)).fill(chunk)]), what: `repeat@${from}` };
    }
  }
}

/** 1 to `max` mutations in a row. */
export function mutate(rng: Rng, seed: Buffer, max = 5): { bytes: Buffer; what: string[] } {
  let bytes = seed;
  const what: string[] = [];
  const n = 1 + rng.int(max);
  for (let i = 0; i < n; i++) {
    const m = mutateOnce(rng, bytes);
    bytes = m.bytes;
    what.push(m.what);
  }
  return { bytes, what };
}
