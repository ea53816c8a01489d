// Posting lists of the search index: the sorted document numbers that hold one word, stored as
// variable-length deltas (1–3 bytes a number where a word is common, so a million documents' words
// take tens of megabytes, not the gigabytes of one index entry per word and document). Pure code.

/** Encodes sorted, distinct, non-negative integers (< 2^53) as LEB128 deltas. */
export function encodePostings(sorted: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(sorted.length * 3 + 16);
  let bytes = out;
  let at = 0;
  let prev = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const n = sorted[i]!;
    let delta = n - prev;
    prev = n;
    if (at + 8 > bytes.length) {
      const grown = new Uint8Array(bytes.length * 2);
      grown.set(bytes);
      bytes = grown;
    }
    while (delta >= 0x80) {
      bytes[at++] = (delta % 0x80) | 0x80;
      delta = Math.floor(delta / 0x80);
    }
    bytes[at++] = delta;
  }
  return bytes.slice(0, at);
}

/** Where the number readNumber last read ends (a module variable, so reading a number allocates nothing). */
let numberEnd = 0;

/** The LEB128 number at `at`; numberEnd is then the offset after it. */
function readNumber(bytes: Uint8Array, at: number): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = bytes[at++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) break;
    scale *= 0x80;
  }
  numberEnd = at;
  return value;
}

/** Decodes what encodePostings wrote, in ascending order, until `into` returns false (a query that has enough). */
export function decodeUntil(bytes: Uint8Array, into: (n: number) => boolean): void {
  let n = 0;
  for (let at = 0; at < bytes.length; ) {
    n += readNumber(bytes, at);
    at = numberEnd; // before `into`, which may decode other lists
    if (!into(n)) return;
  }
}

export function decodeAll(bytes: Uint8Array): number[] {
  const out: number[] = [];
  decodeUntil(bytes, (n) => out.push(n) > 0);
  return out;
}

/** First and last number of an encoded list, and where its first number's bytes end (no allocation). */
function ends(bytes: Uint8Array): { first: number; last: number; rest: number } {
  if (bytes.length === 0) return { first: -1, last: 0, rest: 0 };
  let n = readNumber(bytes, 0);
  const first = n;
  const rest = numberEnd;
  for (let at = rest; at < bytes.length; at = numberEnd) n += readNumber(bytes, at);
  return { first, last: n, rest };
}

/** Appends `n` as one LEB128 number. */
function pushNumber(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/**
 * Lists whose numbers do not interleave (each list's numbers all above the previous one's, as segments
 * written one after another hold) join by copying their bytes: only each list's first delta changes.
 * Null when they interleave.
 */
function concatDisjoint(lists: readonly Uint8Array[]): Uint8Array | null {
  const parts = lists.filter((l) => l.length > 0).map((bytes) => ({ bytes, ...ends(bytes) }));
  parts.sort((a, b) => a.first - b.first);
  for (let i = 1; i < parts.length; i += 1) if (parts[i]!.first <= parts[i - 1]!.last) return null;
  const heads: number[][] = parts.map((p, i) => {
    const head: number[] = [];
    pushNumber(head, i === 0 ? p.first : p.first - parts[i - 1]!.last);
    return head;
  });
  let size = 0;
  parts.forEach((p, i) => (size += heads[i]!.length + p.bytes.length - p.rest));
  const out = new Uint8Array(size);
  let at = 0;
  parts.forEach((p, i) => {
    out.set(heads[i]!, at);
    at += heads[i]!.length;
    out.set(p.bytes.subarray(p.rest), at);
    at += p.bytes.length - p.rest;
  });
  return out;
}

/**
 * A k-way merge of encoded lists, decoding each number once and encoding straight into the result
 * (no arrays of numbers). A number's delta in the result is at most its delta in its own list, so the
 * result is never longer than the lists together.
 */
function mergeInterleaved(lists: readonly Uint8Array[]): Uint8Array {
  const k = lists.length;
  const at: number[] = [];
  const value: number[] = [];
  let size = 0;
  for (const list of lists) {
    size += list.length;
    value.push(list.length > 0 ? readNumber(list, 0) : Infinity);
    at.push(list.length > 0 ? numberEnd : 0);
  }
  const out = new Uint8Array(size);
  let o = 0;
  let prev = 0;
  for (;;) {
    let min = Infinity;
    for (let i = 0; i < k; i += 1) if (value[i]! < min) min = value[i]!;
    if (min === Infinity) break;
    let delta = min - prev;
    prev = min;
    while (delta >= 0x80) {
      out[o++] = (delta % 0x80) | 0x80;
      delta = Math.floor(delta / 0x80);
    }
    out[o++] = delta;
    for (let i = 0; i < k; i += 1) {
      if (value[i] !== min) continue;
      const list = lists[i]!;
      if (at[i]! < list.length) {
        value[i] = min + readNumber(list, at[i]!);
        at[i] = numberEnd;
      } else {
        value[i] = Infinity;
      }
    }
  }
  return out.slice(0, o);
}

/** Several encoded lists as one encoded list: sorted, each number once. */
export function mergeEncoded(lists: readonly Uint8Array[]): Uint8Array {
  if (lists.length === 1) return lists[0]!;
  // Interleaved (a run's later messages numbered in an older block; segments merged out of order): a k-way merge.
  return concatDisjoint(lists) ?? mergeInterleaved(lists);
}

/** 32-bit FNV-1a of a string's UTF-16 code units, never 0: tells whether a document's text changed. */
export function hashText(text: string): number {
  if (typeof text !== 'string') return hashText(''); // a corrupt row without text: as the empty text (see tokenize)
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}
