// The conflict rule of sync, in one pure function (DESIGN.md requirement 4): per-field last-write-wins
// on the field's edit time, ties broken by writer id, then by value, so every replica picks the same.
import type { Message, MessageStatus } from './model';

/**
 * Writer id given to values that come from the server. The server has already broken any tie with the
 * real writers' client ids, so on an exact tie its choice stands: '~' sorts after every hex client id.
 */
export const SERVER_WRITER = '~server';

export interface ClockedRow {
  updated_at: string;
  field_updated_at: Record<string, string>;
}

/** One replica of a row: the row and, where known, who wrote each field. */
export interface MergeSide<T extends ClockedRow> {
  row: T;
  writers?: Readonly<Record<string, string>>;
}

export interface MergeOptions {
  /** Fields merged one by one (the editable fields of the table). */
  fields: readonly string[];
  /** Fields with local edits the server has not acknowledged: the local value stays, whatever the clocks. */
  pending?: ReadonlySet<string>;
}

export interface MergeResult<T> {
  row: T;
  /** Fields whose value was taken from the remote side. */
  fromRemote: string[];
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
 * Merge two replicas of one row. Symmetric when nothing is pending: merge(a, b) equals merge(b, a).
 * Fields outside `fields` come from the replica with the later `updated_at`; `updated_at` is the later one.
 */
export function mergeRow<T extends ClockedRow>(local: MergeSide<T>, remote: MergeSide<T>, opts: MergeOptions): MergeResult<T> {
  const pending = opts.pending ?? new Set<string>();
  const localNewer =
    compareFieldWrites(
      { clock: local.row.updated_at, value: local.row },
      { clock: remote.row.updated_at, value: remote.row },
    ) >= 0;
  const base = localNewer ? local.row : remote.row;
  const row = { ...base, field_updated_at: { ...base.field_updated_at } } as T;
  const values = row as unknown as Record<string, unknown>;
  const fromRemote: string[] = [];
  for (const field of opts.fields) {
    const l = { clock: local.row.field_updated_at[field], writer: local.writers?.[field], value: field in local.row ? (local.row as Record<string, unknown>)[field] : undefined };
    const r = { clock: remote.row.field_updated_at[field], writer: remote.writers?.[field], value: field in remote.row ? (remote.row as Record<string, unknown>)[field] : undefined };
    const useLocal = pending.has(field) || compareFieldWrites(l, r) >= 0;
    const winner = useLocal ? l : r;
    values[field] = winner.value;
    if (winner.clock === undefined) delete row.field_updated_at[field];
    else row.field_updated_at[field] = winner.clock;
    if (!useLocal && canonicalJson(l.value) !== canonicalJson(r.value)) fromRemote.push(field);
  }
  row.updated_at = localNewer ? local.row.updated_at : remote.row.updated_at;
  return { row, fromRemote };
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
