// Offline full-text search over run names and message text, answered from the `searchIndex` table:
// every word of the query must prefix-match a word of one document (a run's name or one message).
import type { PromptRunsDB } from '../db';
import { pendingDoc, readPendingRows } from './search-index';
import { parseDocId, tokenize } from './search-tokens';

export interface SearchHit {
  runId: string;
  /** The first matching message, or null when the run's name (or description) matched. */
  messageId: string | null;
}

/**
 * Index entries read per word at most. A short prefix ("ru") can match most of a large library; reading
 * every entry would take seconds, so the search stops early and says so (the user keeps typing). Each
 * entry kept costs a run read on the keystroke, so the cap stays near a few screens of results.
 */
export const MAX_DOCS_PER_TERM = 200;
/**
 * Documents saved but not yet indexed that a search reads directly (normally a handful: indexing runs a
 * moment after each save). Beyond this (a first sync still being indexed) the answer is marked partial.
 */
const MAX_PENDING = 500;

/** Every term is a prefix of one of the words (one letter: the whole word). */
function matchesAll(terms: readonly string[], words: readonly string[]): boolean {
  return terms.every((t) => words.some((w) => (t.length < 2 ? w === t : w.startsWith(t))));
}

/** Pending documents (saved, not yet indexed) and which of them match: they override the index. */
async function pendingMatches(db: PromptRunsDB, terms: readonly string[]) {
  const ids = (await db.searchPending.limit(MAX_PENDING + 1).primaryKeys()) as string[];
  if (ids.length === 0) return { ids: new Set<string>(), matched: [] as string[], partial: false };
  const kept = ids.slice(0, MAX_PENDING);
  const rows = await readPendingRows(db, kept);
  const matched = kept.filter((id) => {
    const doc = pendingDoc(id, rows.runs, rows.messages);
    return doc !== null && matchesAll(terms, doc.words);
  });
  return { ids: new Set(kept), matched, partial: ids.length > MAX_PENDING };
}

export interface SearchResult {
  hits: SearchHit[];
  /** Some matches were left out (a very common word or prefix): refine the query to see them all. */
  partial: boolean;
}

/** Runs whose name or one of whose messages holds every word of the query, in no set order. */
export async function searchRunsDetailed(db: PromptRunsDB, query: string): Promise<SearchResult> {
  // Longest words first: they match the fewest documents, so the intersection stays small.
  const terms = tokenize(query).sort((a, b) => b.length - a.length);
  if (terms.length === 0) return { hits: [], partial: false };
  const pendingRead = pendingMatches(db, terms);
  // Every word's index read is sent at once (one round trip however many words), then intersected.
  const perTerm = await Promise.all(
    terms.map((term) => {
      // One letter matches that word only; from two letters on, any word starting with them.
      const where = db.searchIndex.where('words');
      const found = term.length < 2 ? where.equals(term) : where.startsWith(term);
      return found.limit(MAX_DOCS_PER_TERM + 1).primaryKeys() as Promise<string[]>;
    }),
  );
  let docs: Set<string> | null = null;
  let partial = false;
  for (const keys of perTerm) {
    if (keys.length > MAX_DOCS_PER_TERM) partial = true;
    const next = new Set<string>();
    for (const key of keys.slice(0, MAX_DOCS_PER_TERM)) if (!docs || docs.has(key)) next.add(key);
    docs = next;
  }
  // A pending document's index entry (if any) is stale: what its row says now decides.
  const pending = await pendingRead;
  partial ||= pending.partial;
  const all = [...[...(docs ?? [])].filter((id) => !pending.ids.has(id)), ...pending.matched];
  // The same cap as for the index alone, so what follows (reading the runs) stays bounded.
  if (all.length > MAX_DOCS_PER_TERM) partial = true;
  const matched = all.slice(0, MAX_DOCS_PER_TERM);
  const byRun = new Map<string, SearchHit>();
  for (const id of matched) {
    const { runId, messageId } = parseDocId(id);
    const seen = byRun.get(runId);
    // A name match wins (the run is what was asked for); otherwise keep one message to scroll to.
    if (!seen || (messageId === null && seen.messageId !== null)) byRun.set(runId, { runId, messageId });
  }
  return { hits: [...byRun.values()], partial };
}

export async function searchRuns(db: PromptRunsDB, query: string): Promise<SearchHit[]> {
  return (await searchRunsDetailed(db, query)).hits;
}

const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 140;

/** A short excerpt of `text` around the first word that matches the query, with ellipses where cut. */
export function snippetFor(text: string, query: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const terms = tokenize(query);
  const folded = flat.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  // Folding drops combining marks, so positions can drift on accented text; the excerpt stays close.
  const hits = terms.map((t) => folded.search(new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(t)}`, 'u'))).filter((i) => i >= 0);
  const at = hits.length > 0 ? Math.min(...hits) : 0;
  const start = Math.max(0, at - SNIPPET_BEFORE);
  const end = Math.min(flat.length, start + SNIPPET_LENGTH);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
