// An in-memory server with the semantics of the SQL functions (sync_push / sync_pull), for tests:
// idempotent seq per client, per-field LWW with client-id tie-break, messages merged by id, future
// clocks clamped to the server's now, and a single change counter as the cursor (gap-free, since nothing runs concurrently).
import { clockMs, compareFieldWrites } from '../merge';
import { PROMPT_EDITABLE_FIELDS, RUN_EDITABLE_FIELDS } from '../model';
import {
  PROTOCOL_VERSION,
  type PromptRow,
  type PullRequest,
  type PullResponse,
  type PushChange,
  type PushChangeResult,
  type PushRequest,
  type PushResponse,
  type RunRow,
  type WireMessage,
} from '../protocol';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREVIEW_LENGTH = 140;

interface Stored<T> {
  row: T;
  writers: Record<string, string>;
  pos: number;
}
interface StoredRun extends Stored<RunRow> {
  messages: Map<string, { message: WireMessage; pos: number }>;
  /** Deleted forever: messages dropped, later appends ignored (the SQL's purged_at). */
  purgedAt?: string;
}

export interface FakeServerOptions {
  userId: string;
  now: () => number;
  /** Refuse a change permanently (as RLS or validation would), for dead-letter tests. */
  reject?: (change: PushChange) => { code: string; message: string } | null;
}

class Rejection extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class FakeSyncServer {
  readonly prompts = new Map<string, Stored<PromptRow>>();
  readonly runs = new Map<string, StoredRun>();
  private readonly lastSeq = new Map<string, number>();
  private counter = 0;
  /** Changes actually applied (not duplicates): a retried batch must not add to this. */
  appliedCount = 0;

  constructor(private readonly options: FakeServerOptions) {}

  push(req: PushRequest): PushResponse {
    const results: PushChangeResult[] = [];
    for (const change of req.changes) {
      const last = this.lastSeq.get(req.client_id) ?? 0;
      if (change.seq <= last) {
        results.push({ seq: change.seq, status: 'duplicate' });
        continue;
      }
      try {
        const refused = this.options.reject?.(change);
        if (refused) throw new Rejection(refused.code, refused.message);
        this.apply(req.client_id, structuredClone(change));
        this.appliedCount += 1;
        results.push({ seq: change.seq, status: 'applied' });
      } catch (error) {
        if (!(error instanceof Rejection)) throw error;
        results.push({ seq: change.seq, status: 'rejected', code: error.code, message: error.message });
      }
      this.lastSeq.set(req.client_id, change.seq);
    }
    return { protocol: PROTOCOL_VERSION, applied_through: this.lastSeq.get(req.client_id) ?? 0, server_time: this.nowIso(), results };
  }

  pull(req: PullRequest): PullResponse {
    const since = req.since === null ? 0 : Number(req.since);
    type Item = { pos: number; add: (out: PullResponse) => void };
    const items: Item[] = [];
    for (const p of this.prompts.values()) if (p.pos > since) items.push({ pos: p.pos, add: (o) => o.prompts.push(structuredClone(p.row)) });
    for (const [runId, r] of this.runs) {
      if (r.pos > since) items.push({ pos: r.pos, add: (o) => o.runs.push(structuredClone(r.row)) });
      for (const m of r.messages.values()) {
        if (m.pos > since) items.push({ pos: m.pos, add: (o) => o.messages.push({ ...structuredClone(m.message), run_id: runId }) });
      }
    }
    items.sort((a, b) => a.pos - b.pos);
    const page = items.slice(0, Math.max(1, req.max_rows));
    const out: PullResponse = { protocol: PROTOCOL_VERSION, cursor: String(page.at(-1)?.pos ?? since), has_more: items.length > page.length, server_time: this.nowIso(), prompts: [], runs: [], messages: [] };
    for (const item of page) item.add(out);
    return out;
  }

  private nowIso(): string {
    return new Date(this.options.now()).toISOString();
  }

  private apply(clientId: string, change: PushChange): void {
    // Codes as the SQL functions report them (sync_internal.reject).
    if (!UUID.test(change.id)) throw new Rejection('invalid_uuid', `id must be a UUID, got ${change.id}`);
    const table = change.table === 'prompt_runs' ? this.runs : change.table === 'prompts' ? this.prompts : null;
    if (!table) throw new Rejection('unknown_table', `unknown table ${String(change.table)}`);
    const editable: readonly string[] = change.table === 'prompt_runs' ? RUN_EDITABLE_FIELDS : PROMPT_EDITABLE_FIELDS;
    const unknown = Object.keys(change.values).find((f) => !editable.includes(f));
    if (unknown) throw new Rejection('unknown_field', `${change.table} has no editable field "${unknown}"`);
    if ((change.append_messages !== undefined || change.purge !== undefined) && change.table !== 'prompt_runs') {
      throw new Rejection('unknown_field', 'append_messages and purge are for prompt_runs only');
    }
    if (change.append_messages !== undefined && !Array.isArray(change.append_messages)) {
      throw new Rejection('invalid_messages', 'append_messages must be an array of messages');
    }
    for (const m of change.append_messages ?? []) {
      if (typeof m?.id !== 'string' || typeof m.content !== 'string') throw new Rejection('invalid_messages', 'message content must be a string');
    }
    const now = this.options.now();
    const clamp = (iso: string | undefined) => {
      const ms = iso === undefined ? Number.NaN : Date.parse(iso);
      return Number.isNaN(ms) || ms > now ? new Date(now).toISOString() : iso!;
    };
    let stored = table.get(change.id) as Stored<RunRow | PromptRow> | undefined;
    if (!stored) {
      if (!change.insert) throw new Rejection('not_found', `No such row: ${change.id}`);
      if (change.table === 'prompt_runs' && !this.prompts.has(change.insert.prompt_id ?? '')) {
        throw new Rejection('invalid_prompt', 'prompt_id is not one of your prompts');
      }
      const created = clamp(change.insert.created_at);
      const row = { id: change.id, user_id: this.options.userId, ...change.insert, created_at: created, updated_at: created, field_updated_at: {} };
      if (change.table === 'prompt_runs') Object.assign(row, { message_count: 0, last_message_at: created, last_message_preview: '' });
      const fresh: StoredRun | Stored<PromptRow> =
        change.table === 'prompt_runs'
          ? { row: row as unknown as RunRow, writers: {}, pos: 0, messages: new Map() }
          : { row: row as unknown as PromptRow, writers: {}, pos: 0 };
      table.set(change.id, fresh as never);
      stored = fresh;
    }
    const values = stored.row as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(change.values)) {
      const clock = clamp(change.clocks[field]);
      const incoming = { clock, writer: clientId, value };
      const current = { clock: stored.row.field_updated_at[field], writer: stored.writers[field], value: values[field] };
      // A client's own changes arrive in seq order, so on an exact tie with itself the later one wins.
      const sameWriterTie = current.writer === clientId && clockMs(clock) === clockMs(current.clock);
      if (!(field in values) || sameWriterTie || compareFieldWrites(incoming, current) > 0) {
        values[field] = value;
        stored.row.field_updated_at[field] = clock;
        stored.writers[field] = clientId;
      }
    }
    stored.row.updated_at = Object.values(stored.row.field_updated_at).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a), stored.row.updated_at);
    stored.pos = ++this.counter;
    if (change.table !== 'prompt_runs') return;
    const run = stored as StoredRun;
    if (change.purge) {
      run.purgedAt ??= new Date(now).toISOString();
      run.messages.clear();
      Object.assign(run.row, { message_count: 0, last_message_preview: '', purged_at: run.purgedAt });
    }
    if (!run.purgedAt) this.appendMessages(run, change.append_messages ?? []);
  }

  private appendMessages(run: StoredRun, messages: WireMessage[]): void {
    for (const message of messages) {
      // Append-only, as in SQL: a message the server has is never rewritten.
      if (run.messages.has(message.id)) continue;
      run.messages.set(message.id, { message, pos: ++this.counter });
    }
    const all = [...run.messages.values()].map((m) => m.message).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const last = all.at(-1);
    run.row.message_count = all.length;
    if (last && Date.parse(last.createdAt) > Date.parse(run.row.last_message_at)) run.row.last_message_at = last.createdAt;
    if (last) run.row.last_message_preview = last.content.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_LENGTH);
    if (messages.length > 0) run.pos = ++this.counter;
  }
}
