// How text becomes search words, shared by the index writer, the query and the benchmark seeder, so
// what is stored and what is looked up are normalised the same way.

/** Words longer than this are cut: nobody types 40 letters to find one word. */
const MAX_WORD = 32;
/** A very long message keeps its first distinct words only, so one paste cannot bloat the index. */
const MAX_WORDS_PER_DOC = 2000;
const SEPARATOR = '\u0001';
const NON_ASCII = /[^ -~\t\n\r]/;

/** tokenize() for ASCII text: the same words (ASCII letters and digits are what \p{L}\p{N} match there). */
function tokenizeAscii(text: string): string[] {
  const lower = text.toLowerCase();
  const words = new Set<string>();
  let start = -1;
  for (let i = 0; i <= lower.length; i += 1) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    const inWord = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.add(lower.slice(start, Math.min(i, start + MAX_WORD)));
      start = -1;
      if (words.size >= MAX_WORDS_PER_DOC) break;
    }
  }
  return [...words];
}

/** Lower-case words without accents ("Café crème" → ["cafe", "creme"]), each once, in first-seen order. */
export function tokenize(text: string): string[] {
  // Rows are read unchecked here (indexer, search's checks against rows): a corrupt one without text has no
  // words, and every other document is still indexed and searched.
  if (typeof text !== 'string') return [];
  // Plain ASCII (most text) needs no Unicode folding: a character loop is several times faster.
  if (!NON_ASCII.test(text)) return tokenizeAscii(text);
  const folded = text.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '');
  const words = new Set<string>();
  for (const match of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    words.add(match[0].slice(0, MAX_WORD));
    if (words.size >= MAX_WORDS_PER_DOC) break;
  }
  return [...words];
}

/** A search document is a run's name (messageId null) or one message; its id starts with the run id. */
export interface SearchDoc {
  id: string;
  words: string[];
}

export function docId(runId: string, messageId: string | null): string {
  return `${runId}${SEPARATOR}${messageId ?? ''}`;
}

export function parseDocId(id: string): { runId: string; messageId: string | null } {
  const at = id.indexOf(SEPARATOR);
  if (at < 0) return { runId: id, messageId: null };
  const messageId = id.slice(at + 1);
  return { runId: id.slice(0, at), messageId: messageId || null };
}

export function runDoc(run: { id: string; name: string; description?: string }): SearchDoc {
  return { id: docId(run.id, null), words: tokenize(`${run.name} ${run.description ?? ''}`) };
}

export function messageDoc(message: { id: string; runId: string; content: string }): SearchDoc {
  return { id: docId(message.runId, message.id), words: tokenize(message.content) };
}

/** Every term is a prefix of one of the words (one letter: the whole word). */
export function matchesAll(terms: readonly string[], words: readonly string[]): boolean {
  return terms.every((t) => words.some((w) => (t.length < 2 ? w === t : w.startsWith(t))));
}
