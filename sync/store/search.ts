// Offline full-text search over run names and message text, answered from the `searchIndex` table:
// every word of the query must prefix-match a word of one document (a run's name or one message).
import type { PromptRunsDB } from '../db';
import { parseDocId, tokenize } from './search-tokens';

export interface SearchHit {
  runId: string;
  /** The first matching message, or null when the run's name (or description) matched. */
  messageId: string | null;
}

/** Runs whose name or one of whose messages holds every word of the query (by prefix), in no set order. */
export async function searchRuns(db: PromptRunsDB, query: string): Promise<SearchHit[]> {
  // Longest words first: they match the fewest documents, so the intersection shrinks fastest.
  const terms = tokenize(query).sort((a, b) => b.length - a.length);
  if (terms.length === 0) return [];
  let docs: Set<string> | null = null;
  for (const term of terms) {
    const keys = (await db.searchIndex.where('words').startsWith(term).primaryKeys()) as string[];
    const next = new Set<string>();
    for (const key of keys) if (!docs || docs.has(key)) next.add(key);
    docs = next;
    if (docs.size === 0) return [];
  }
  const byRun = new Map<string, SearchHit>();
  for (const id of docs ?? []) {
    const { runId, messageId } = parseDocId(id);
    const seen = byRun.get(runId);
    // A name match wins (the run is what was asked for); otherwise keep one message to scroll to.
    if (!seen || (messageId === null && seen.messageId !== null)) byRun.set(runId, { runId, messageId });
  }
  return [...byRun.values()];
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
