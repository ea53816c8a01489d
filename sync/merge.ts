// The rules of sync, as pure functions (DESIGN.md requirement 4). The server merges per field by
// last-write-wins on the field's edit time, ties broken by writer id, then by value (compareFieldWrites,
// as the SQL does); a device takes the server's row with its own pending edits on top (rebaseOnServer);
// messages are a union by id (mergeMessages); a run's activity comes from its messages (runActivity).
import type { Message, MessageStatus } from './model';

export interface ClockedRow {
  updated_at: string;
  field_updated_at: Record<string, string>;
}

/** Milliseconds of an ISO time; unreadable or missing clocks count as the oldest possible. */
export function clockMs(iso: string | undefined): number {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  ) ?? 'undefined';
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** > 0 when field `a` wins over `b`: later clock, then greater writer id, then greater value. */
export function compareFieldWrites(
  a: { clock: string | undefined; writer?: string; value: unknown },
  b: { clock: string | undefined; writer?: string; value: unknown },
): number {
  const byClock = clockMs(a.clock) - clockMs(b.clock);
  if (byClock !== 0 && !Number.isNaN(byClock)) return byClock;
  const byWriter = compareText(a.writer ?? '', b.writer ?? '');
  if (byWriter !== 0) return byWriter;
  return compareText(canonicalJson(a.value), canonicalJson(b.value));
}

/**
 * The device's copy of a row after a pull: the server's row, with this device's unacknowledged edits on
 * top. The server is the referee: it has merged every write it acknowledged by last-write-wins (and by its
 * own rules: clocks from the future clamped to its time, a purge final), so a field without a pending
 * edit takes the server's value and clock, and every replica ends up with the same row.
 */
export function rebaseOnServer<T extends ClockedRow>(local: T, remote: T, pending: ReadonlySet<string>): T {
  const row = { ...remote, field_updated_at: { ...remote.field_updated_at } } as T;
  const values = row as unknown as Record<string, unknown>;
  let updated = remote.updated_at;
  for (const field of pending) {
    if (!(field in local)) continue;
    values[field] = (local as unknown as Record<string, unknown>)[field];
    const clock = local.field_updated_at[field];
    if (clock === undefined) delete row.field_updated_at[field];
    else {
      row.field_updated_at[field] = clock;
      if (clockMs(clock) > clockMs(updated)) updated = clock;
    }
  }
  row.updated_at = updated;
  return row;
}

const STATUS_RANK: Record<MessageStatus, number> = { streaming: 0, interrupted: 1, error: 2, done: 3 };

/** Pick between two copies of one message id: a finished copy beats an unfinished one; else by value. */
export function pickMessage(a: Message, b: Message): Message {
  const byStatus = STATUS_RANK[a.status] - STATUS_RANK[b.status];
  if (byStatus !== 0) return byStatus > 0 ? a : b;
  return compareText(canonicalJson(a), canonicalJson(b)) >= 0 ? a : b;
}

/** Union of two message lists by id (messages are append-only), ordered by createdAt then id. */
export function mergeMessages(a: readonly Message[], b: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of [...a, ...b]) {
    const existing = byId.get(m.id);
    byId.set(m.id, existing ? pickMessage(existing, m) : m);
  }
  return [...byId.values()].sort((x, y) => compareText(x.createdAt, y.createdAt) || compareText(x.id, y.id));
}

export interface RunActivity {
  last_message_at: string;
  last_message_preview: string;
}

/** Whitespace collapsed, at most 140 characters: the runs list's one-line preview. */
export function previewText(content: string): string {
  return content.replace(/\s+/g, ' ').trim().slice(0, 140);
}

const ROLE_ORDER: Record<string, number> = { system: 0, user: 1, assistant: 2 };

type ActivityMessage = Pick<Message, 'id' | 'parentId' | 'role' | 'content' | 'status' | 'createdAt'>;

/**
 * Of messages saved in the same millisecond, the one that came last in the conversation: a message after
 * its parent (a reply after its question), then an assistant's after a user's, then the greater id.
 */
function lastOfTied(tied: readonly ActivityMessage[]): ActivityMessage {
  const byId = new Map(tied.map((m) => [m.id, m]));
  /** How many of the tied messages come before this one in its branch (bounded: a cycle cannot hang it). */
  const depth = (m: ActivityMessage): number => {
    let d = 0;
    let parent = m.parentId ? byId.get(m.parentId) : undefined;
    while (parent && d < tied.length) {
      d += 1;
      parent = parent.parentId ? byId.get(parent.parentId) : undefined;
    }
    return d;
  };
  const rank = (m: ActivityMessage): [number, number, string] => [depth(m), ROLE_ORDER[m.role] ?? 0, m.id];
  return tied.reduce((best, m) => {
    const [a, b] = [rank(m), rank(best)];
    return a[0] !== b[0] ? (a[0] > b[0] ? m : best) : a[1] !== b[1] ? (a[1] > b[1] ? m : best) : a[2] > b[2] ? m : best;
  });
}

/**
 * A run's activity, derived the same way on every device and on the server, so lists sort alike: the
 * newest completed message gives the time and the preview (of several saved in the same millisecond, the
 * last in the conversation: see lastOfTied); a run with none has its created_at and no preview.
 */
export function runActivity(createdAt: string, messages: Iterable<ActivityMessage>): RunActivity {
  let newestMs = Number.NEGATIVE_INFINITY;
  let tied: ActivityMessage[] = [];
  for (const m of messages) {
    if (m.status === 'streaming') continue;
    const ms = clockMs(m.createdAt);
    if (ms > newestMs) {
      newestMs = ms;
      tied = [m];
    } else if (ms === newestMs) tied.push(m);
  }
  if (tied.length === 0) return { last_message_at: createdAt, last_message_preview: '' };
  const newest = tied.length === 1 ? tied[0]! : lastOfTied(tied);
  return { last_message_at: newest.createdAt, last_message_preview: previewText(newest.content) };
}

/** The later of two activities (what a replica that holds only some of the messages can know). */
export function laterActivity(a: RunActivity, b: RunActivity): RunActivity {
  return clockMs(b.last_message_at) > clockMs(a.last_message_at) ? b : a;
}
