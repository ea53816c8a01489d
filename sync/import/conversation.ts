// The shape both chat exports (ChatGPT, Claude) are read into before they become runs: a tree of messages
// keyed by the export's own ids, with times and models. Readers never throw: a conversation they cannot
// use comes back as a reason, in words, for the import's report.
import { SYNC_LIMITS } from '../protocol';
import { utf8Length } from '../limits';
import type { Role } from '../model';

export type ChatSource = 'chatgpt' | 'claude';

export const SOURCE_NAMES: Record<ChatSource, string> = { chatgpt: 'ChatGPT', claude: 'Claude' };

export interface ImportedMessage {
  /** The export's id for the message (unique within its conversation). */
  key: string;
  parentKey: string | null;
  role: Role;
  content: string;
  createdAt: string;
  /** The model that wrote a reply, as the export names it ("gpt-4o"). */
  model?: string;
}

export interface ImportedConversation {
  source: ChatSource;
  /** The export's id for the conversation. */
  id: string;
  title: string;
  createdAt: string;
  /** The message the conversation was showing (its current branch), if the export says. */
  currentKey: string | null;
  messages: ImportedMessage[];
  /** Messages cut to the size the app keeps (256 KiB of text each). */
  truncated: number;
}

export type ReadConversation = { ok: true; value: ImportedConversation } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export { isObject };

export const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** An ISO time from seconds since 1970 (ChatGPT) or a date string (Claude); undefined when unreadable. */
export function timeOf(v: unknown): string | undefined {
  const ms = typeof v === 'number' && Number.isFinite(v) ? v * 1000 : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

// eslint-disable-next-line no-control-regex -- the NUL is exactly what is replaced
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const TRUNCATED_NOTE = '\n\n[…cut on import: the rest was longer than this app keeps in one message]';
const MAX_BYTES = SYNC_LIMITS.bytesPerMessage - 256;

/** Text as the app can store and sync it: no NUL or half surrogate pairs, at most 256 KiB. */
export function storableText(raw: string): { content: string; truncated: boolean } {
  let content = raw.replace(UNSTORABLE, '\ufffd');
  if (content.length * 3 <= MAX_BYTES || utf8Length(content) <= MAX_BYTES) return { content, truncated: false };
  // Cut by characters until it fits (at most 3 bytes each, so this converges in a few steps).
  let end = Math.floor(MAX_BYTES / 3);
  while (end < content.length && utf8Length(content.slice(0, end + 4096)) <= MAX_BYTES - TRUNCATED_NOTE.length) end += 4096;
  if (/[\ud800-\udbff]/.test(content[end - 1] ?? '')) end -= 1;
  content = content.slice(0, end) + TRUNCATED_NOTE;
  return { content, truncated: true };
}

/** What the report calls a conversation: its title, else its place in the file. */
export function conversationLabel(raw: unknown, index: number): string {
  const title = isObject(raw) ? text(raw.title) ?? text(raw.name) : undefined;
  return title?.trim() ? `“${title.trim().slice(0, 80)}”` : `Conversation ${index + 1}`;
}

/** A malformed export can make parents loop (A under B under A): the loop is cut so every message has a root. */
export function breakCycles(messages: ImportedMessage[]): void {
  const byKey = new Map(messages.map((m) => [m.key, m]));
  const done = new Set<string>();
  for (const start of messages) {
    const path = new Set<string>();
    let at: ImportedMessage | undefined = start;
    while (at && !done.has(at.key)) {
      if (path.has(at.key)) {
        at.parentKey = null;
        break;
      }
      path.add(at.key);
      at = at.parentKey === null ? undefined : byKey.get(at.parentKey);
    }
    for (const key of path) done.add(key);
  }
}
