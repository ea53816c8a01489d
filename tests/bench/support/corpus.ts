// Deterministic conversation text for the benches: words drawn from a 30,000-word vocabulary with
// Zipf's law (a few words very common, most rare, like real prose), so a search index sees a
// realistic spread of word frequencies; user turns ~100–400 characters, replies ~300–1,400.

/** Deterministic pseudo-random numbers (mulberry32): every bench run sees the same text. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'do', 'gu', 'he', 'ji', 'wa', 'by', 'co', 'fe',
  'an', 'el', 'or', 'us', 'ig', 'th', 'st', 'ex', 'pro', 'con', 'ment', 'ing', 'tion', 'er'];
const VOCABULARY = 30_000;
const ZIPF_S = 1.05;

export interface Corpus {
  words: string[];
  /** A word drawn by frequency. */
  word(): string;
  /** Words up to about `chars` characters. */
  text(minChars: number, maxChars: number): string;
  random: () => number;
}

export function createCorpus(seed = 7): Corpus {
  const random = seeded(seed);
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < VOCABULARY) {
    const n = 1 + Math.floor(random() * 4);
    let w = '';
    for (let i = 0; i < n; i += 1) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  // Cumulative Zipf weights; a draw is a binary search.
  const cdf = new Float64Array(VOCABULARY);
  let total = 0;
  for (let i = 0; i < VOCABULARY; i += 1) cdf[i] = total += 1 / (i + 1) ** ZIPF_S;
  const word = () => {
    const x = random() * total;
    let lo = 0;
    let hi = VOCABULARY - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
  const text = (minChars: number, maxChars: number) => {
    const target = minChars + Math.floor(random() * (maxChars - minChars));
    let out = '';
    let sentence = 0;
    while (out.length < target) {
      let w = word();
      if (sentence === 0) w = w[0]!.toUpperCase() + w.slice(1);
      sentence += 1;
      const end = sentence > 6 && random() < 0.12;
      out += (out ? ' ' : '') + w + (end ? '.' : random() < 0.06 ? ',' : '');
      if (end) sentence = 0;
    }
    return out;
  };
  return { words, word, text, random };
}
