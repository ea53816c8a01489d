// An in-memory server with the semantics of the SQL functions (sync_push / sync_pull), for tests: protocol
// range (426 outside it), call limits (413), idempotent seq per client (a rejected seq stays rejected),
// per-field LWW with client-id tie-break, future clocks clamped to its now, messages merged by id, the purge
// rule, per-change refusal codes, echoed server-kept columns left alone, one change counter as the cursor
// (gap-free: nothing runs concurrently). sync-server-contract and sync-transport-contract check it on SQL.
import { canonicalJson, clockMs, compareFieldWrites, runActivity } from '../merge';
import { findInvalidString, jsonDepth, utf8Length } from '../limits';
import { PROMPT_EDITABLE_FIELDS, RUN_EDITABLE_FIELDS } from '../model';
import {
  SERVER_PROTOCOL_MAX, SYNC_LIMITS, type PromptRow, type PullRequest, type PullResponse, type PushChange,
  type PushChangeResult, type PushRequest, type PushResponse, type RunRow, type WireMessage,
} from '../protocol';
import { FakeOrganizeStore, OrganizeRejection, emptyOrganizeArrays, isOrganizeChange } from './fake-organize';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_FIELDS: readonly string[] = ['prompt_version_id', 'source_run_id']; // ids never followed: a UUID or null
/** The server refuses message times further ahead of its clock than this (CONTRACTS.md). */
const FUTURE_MESSAGE_MS = 5 * 60_000;
/** Columns the server keeps itself: a device may echo them back in `values`, and they are never taken from it. */
const SERVER_KEPT: Record<'prompt_runs' | 'prompts', readonly string[]> = {
  prompt_runs: ['created_at', 'updated_at', 'field_updated_at', 'message_count', 'messages', 'prompt_id', 'last_message_at'],
  prompts: ['created_at', 'updated_at', 'field_updated_at'],
};

interface Stored<T> {
  row: T;
  writers: Record<string, string>;
  pos: number;
}
interface StoredRun extends Stored<RunRow> {
  messages: Map<string, { message: WireMessage; pos: number }>;
  /** Deleted forever: messages dropped, appends and restores refused (the SQL's purged_at). */
  purgedAt?: string;
}

/** One field write as the server received it (after clamping), for tests that check LWW end to end. */
export interface FieldWrite {
  table: PushChange['table'];
  id: string;
  field: string;
  clock: string;
  writer: string;
  value: unknown;
}

/** What happened to messages, in order: appended to a run, or a run purged (for the purge tests). */
export type MessageEvent = { kind: 'append'; runId: string; messageId: string } | { kind: 'purge'; runId: string };

export interface FakeServerOptions {
  userId: string;
  now: () => number;
  /** Refuse a change permanently (as RLS or validation would), for dead-letter tests. */
  reject?: (change: PushChange) => { code: string; message: string } | null;
}

/** A whole call refused: 426 (protocol) or 413 (over the limits). The fake transport maps it. */
export class CallRefused extends Error {
  constructor(readonly status: 413 | 426, message: string, readonly range?: { min: number; max: number }) {
    super(message);
  }
}

class Rejection extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class FakeSyncServer {
  readonly prompts = new Map<string, Stored<PromptRow>>();
  readonly runs = new Map<string, StoredRun>();
  /** The protocol versions this server speaks (tests raise `min` to play a newer server). */
  protocolRange = { min: 1, max: SERVER_PROTOCOL_MAX };
  readonly fieldLog: FieldWrite[] = [];
  readonly messageLog: MessageEvent[] = [];
  private readonly lastSeq = new Map<string, number>();
  private readonly rejections = new Map<string, { code: string; message: string }>();
  private counter = 0;
  /** Changes actually applied (not duplicates): a retried batch must not add to this. */
  appliedCount = 0;

  /** Tags, folders, tag links, filing and versions (protocol 3). */
  readonly organize: FakeOrganizeStore;

  constructor(private readonly options: FakeServerOptions) {
    this.organize = new FakeOrganizeStore({
      run: (id) => {
        const run = this.runs.get(id);
        return !run ? 'absent' : run.purgedAt ? 'purged' : 'live';
      },
      hasPrompt: (id) => this.prompts.has(id),
      nextPos: () => ++this.counter,
      clamp: (iso) => this.clamp(iso),
    });
  }

  /** A client clock from the future (or none) becomes the server's now. */
  private clamp(iso: string | undefined): string {
    const now = this.options.now();
    const ms = iso === undefined ? Number.NaN : Date.parse(iso);
    return Number.isNaN(ms) || ms > now ? new Date(now).toISOString() : iso!;
  }

  private checkProtocol(protocol: number | undefined): number {
    const version = protocol ?? 1;
    const { min, max } = this.protocolRange;
    if (version < min || version > max) {
      throw new CallRefused(426, `protocol_unsupported: this server speaks sync protocol ${min} to ${max}, the app sent ${version}`, { min, max });
    }
    return version;
  }

  push(req: PushRequest): PushResponse {
    const protocol = this.checkProtocol(req.protocol);
    if (req.changes.length > SYNC_LIMITS.changesPerCall) throw new CallRefused(413, `batch_too_large: at most ${SYNC_LIMITS.changesPerCall} changes per call, got ${req.changes.length}`);
    const bytes = utf8Length(JSON.stringify(req.changes));
    if (bytes > SYNC_LIMITS.bytesPerCall) throw new CallRefused(413, `batch_too_large: the call is ${bytes} bytes; at most ${SYNC_LIMITS.bytesPerCall}`);
    const results: PushChangeResult[] = [];
    const inCall = new Map<number, string>();
    for (const change of [...req.changes].sort((a, b) => a.seq - b.seq)) {
      const last = this.lastSeq.get(req.client_id) ?? 0;
      const body = canonicalJson(change);
      const earlier = inCall.get(change.seq);
      inCall.set(change.seq, earlier ?? body);
      const rejected = this.rejections.get(`${req.client_id}:${change.seq}`);
      if (earlier !== undefined && earlier !== body) {
        results.push({ seq: change.seq, status: 'rejected', code: 'duplicate_seq', message: `seq ${change.seq} is used by another change in this call` });
        continue;
      }
      if (change.seq <= last) {
        results.push(rejected ? { seq: change.seq, status: 'rejected', ...rejected } : { seq: change.seq, status: 'duplicate' });
        continue;
      }
      try {
        const refused = this.options.reject?.(change);
        if (refused) throw new Rejection(refused.code, refused.message);
        this.apply(req.client_id, structuredClone(change));
        this.appliedCount += 1;
        results.push({ seq: change.seq, status: 'applied' });
      } catch (error) {
        if (!(error instanceof Rejection || error instanceof OrganizeRejection)) throw error;
        this.rejections.set(`${req.client_id}:${change.seq}`, { code: error.code, message: error.message });
        results.push({ seq: change.seq, status: 'rejected', code: error.code, message: error.message });
      }
      this.lastSeq.set(req.client_id, change.seq);
    }
    return { protocol, applied_through: this.lastSeq.get(req.client_id) ?? 0, server_time: this.nowIso(), results };
  }

  pull(req: PullRequest): PullResponse {
    const protocol = this.checkProtocol(req.protocol);
    // Protocol 3 cursors say they cover the organizing kinds ("<pos>;k"); an older one reads them from the
    // start once, as the SQL's cursors do (repeats possible, never a gap).
    const [posText, covers] = (req.since ?? '').split(';');
    const since = req.since === null ? 0 : Number(posText);
    const organizeSince = covers === 'k' ? since : 0;
    type Item = { pos: number; add: (out: PullResponse) => void };
    const items: Item[] = [];
    for (const p of this.prompts.values()) if (p.pos > since) items.push({ pos: p.pos, add: (o) => o.prompts.push(structuredClone(p.row)) });
    for (const [runId, r] of this.runs) {
      if (r.pos > since) items.push({ pos: r.pos, add: (o) => o.runs.push(structuredClone(r.row)) });
      for (const m of r.messages.values()) {
        if (m.pos > since) items.push({ pos: m.pos, add: (o) => o.messages.push({ ...structuredClone(m.message), run_id: runId }) });
      }
    }
    if (protocol >= 3) {
      for (const item of this.organize.changedSince(organizeSince)) {
        items.push({ pos: item.pos, add: (o) => ((o as unknown as Record<string, unknown[]>)[item.array]!).push(item.row) });
      }
    }
    items.sort((a, b) => a.pos - b.pos);
    const page = items.slice(0, Math.max(1, req.max_rows));
    const last = page.at(-1)?.pos ?? since;
    const out: PullResponse = { protocol, cursor: protocol >= 3 ? `${last};k` : String(last), has_more: items.length > page.length, server_time: this.nowIso(),
      prompts: [], runs: [], messages: [], ...(protocol >= 3 ? emptyOrganizeArrays() : {}) };
    for (const item of page) item.add(out);
    return out;
  }

  private nowIso(): string {
    return new Date(this.options.now()).toISOString();
  }

  /**
   * A change's size, depth, text, envelope, count, fields and messages, in the order the SQL checks them.
   * Strips from `values` the server-kept columns a device echoed back.
   */
  private validate(change: PushChange): void {
    const bytes = utf8Length(JSON.stringify(change));
    if (bytes > SYNC_LIMITS.bytesPerChange) throw new Rejection('payload_too_large', `the change is ${bytes} bytes; at most ${SYNC_LIMITS.bytesPerChange} (1 MiB) per change`);
    const deep = Object.entries(change.values ?? {}).find(([, v]) => jsonDepth(v) > SYNC_LIMITS.jsonDepth)?.[0];
    if (deep) throw new Rejection('json_too_deep', `values.${deep} nests deeper than ${SYNC_LIMITS.jsonDepth} levels`);
    if ((change.append_messages ?? []).some((m) => jsonDepth(m?.metadata) > SYNC_LIMITS.jsonDepth)) throw new Rejection('json_too_deep', "a message's metadata nests deeper than 32 levels");
    if (findInvalidString(change)) throw new Rejection('invalid_text', 'a string holds a NUL or half of a surrogate pair');
    if (isOrganizeChange(change)) return;
    if (!UUID.test(change.id ?? '')) throw new Rejection('invalid_uuid', `id must be a UUID, got ${change.id}`);
    if (change.table !== 'prompt_runs' && change.table !== 'prompts') throw new Rejection('unknown_table', `unknown table ${String(change.table)}`);
    if ((change.append_messages !== undefined || change.purge !== undefined) && change.table !== 'prompt_runs') {
      throw new Rejection('unknown_field', 'append_messages and purge are for prompt_runs only');
    }
    const messages = change.append_messages;
    if (messages !== undefined && !Array.isArray(messages)) throw new Rejection('invalid_messages', 'append_messages must be an array of messages');
    if ((messages?.length ?? 0) > SYNC_LIMITS.messagesPerChange) throw new Rejection('too_many_messages', `at most ${SYNC_LIMITS.messagesPerChange} messages per change, got ${messages!.length}`);
    const { id, user_id: owner, ...rest } = change.values;
    if (id !== undefined && id !== change.id) throw new Rejection('invalid_change', 'values.id differs from the change id');
    if (owner !== undefined && owner !== null && owner !== this.options.userId) throw new Rejection('forbidden', 'user_id must be the signed-in user');
    const kept = SERVER_KEPT[change.table];
    change.values = Object.fromEntries(Object.entries(rest).filter(([field]) => !kept.includes(field)));
    const editable: readonly string[] = change.table === 'prompt_runs' ? RUN_EDITABLE_FIELDS : PROMPT_EDITABLE_FIELDS;
    const unknown = Object.keys(change.values).find((f) => !editable.includes(f));
    if (unknown) throw new Rejection('unknown_field', `${change.table} has no editable field "${unknown}"`);
    for (const [field, value] of Object.entries(change.values)) {
      if (UUID_FIELDS.includes(field) && value !== null && !UUID.test(String(value))) throw new Rejection('invalid_uuid', `${field} must be a UUID, got ${JSON.stringify(value)}`);
      const size = value !== null && typeof value === 'object' ? utf8Length(JSON.stringify(value)) : 0;
      if (size > SYNC_LIMITS.bytesPerMessage) throw new Rejection('json_too_large', `${change.table}.${field} is ${size} bytes of JSON; at most 262144 (256 KiB)`);
    }
    for (const m of messages ?? []) {
      if (typeof m?.id !== 'string' || typeof m.content !== 'string') throw new Rejection('invalid_messages', 'message content must be a string');
      const content = utf8Length(m.content);
      if (content > SYNC_LIMITS.bytesPerMessage) throw new Rejection('json_too_large', `message content is ${content} bytes; at most 262144 (256 KiB)`);
      const metadata = utf8Length(JSON.stringify(m.metadata ?? {}));
      if (metadata > SYNC_LIMITS.bytesPerMessage) throw new Rejection('json_too_large', `message metadata is ${metadata} bytes of JSON; at most 262144 (256 KiB)`);
      const at = Date.parse(m.createdAt);
      if (Number.isNaN(at) || at > this.options.now() + FUTURE_MESSAGE_MS) throw new Rejection('invalid_input', `message time ${m.createdAt} is more than 5 minutes ahead of the server`);
    }
  }

  private apply(clientId: string, change: PushChange): void {
    const echoedPrompt = change.values.prompt_id;
    this.validate(change);
    if (isOrganizeChange(change)) return this.organize.apply(clientId, change);
    const id = change.id!;
    const table = change.table === 'prompt_runs' ? this.runs : this.prompts;
    const now = this.options.now();
    const clamp = (iso: string | undefined) => this.clamp(iso);
    let stored = table.get(id) as Stored<RunRow | PromptRow> | undefined;
    if (!stored) {
      if (!change.insert) throw new Rejection('not_found', `No such row: ${id}`);
      if (change.table === 'prompt_runs' && !this.prompts.has(change.insert.prompt_id ?? '')) {
        throw new Rejection('invalid_prompt', 'prompt_id is not one of your prompts');
      }
      const created = clamp(change.insert.created_at);
      const row = { id, user_id: this.options.userId, ...change.insert, created_at: created, updated_at: created, field_updated_at: {} };
      if (change.table === 'prompt_runs') Object.assign(row, { message_count: 0, purged_at: null, ...runActivity(created, []) });
      const fresh: StoredRun | Stored<PromptRow> = change.table === 'prompt_runs'
        ? { row: row as unknown as RunRow, writers: {}, pos: 0, messages: new Map() }
        : { row: row as unknown as PromptRow, writers: {}, pos: 0 };
      table.set(id, fresh as never);
      stored = fresh;
    }
    const run = change.table === 'prompt_runs' ? (stored as StoredRun) : null;
    if (run && echoedPrompt !== undefined && echoedPrompt !== run.row.prompt_id) throw new Rejection('immutable_field', 'prompt_id of a run cannot change');
    // A purge is final: appending to the run or bringing it back is refused, never silently dropped.
    if (run && (run.purgedAt || change.purge)) {
      if ((change.append_messages ?? []).length > 0) throw new Rejection('run_purged', 'This run was deleted forever; messages can no longer be added to it.');
      if ('status' in change.values && change.values.status !== 'deleted') throw new Rejection('run_purged', 'This run was deleted forever and cannot be restored.');
    }
    const values = stored.row as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(change.values)) {
      const clock = clamp(change.clocks[field]);
      this.fieldLog.push({ table: change.table, id, field, clock, writer: clientId, value: structuredClone(value) });
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
    if (!run) return;
    if (change.purge && !run.purgedAt) {
      run.purgedAt = new Date(now).toISOString();
      run.messages.clear();
      run.row.purged_at = run.purgedAt;
      this.messageLog.push({ kind: 'purge', runId: id });
      this.organize.purgeRun(id);
      // Final: a restore that arrived first with a later clock does not keep the run alive.
      Object.assign(run.row, { status: 'deleted' });
      run.row.field_updated_at.status = run.purgedAt;
      run.writers.status = clientId;
    }
    if (!run.purgedAt) this.appendMessages(run, change.append_messages ?? []);
    // The same rule as every device (merge.ts): the newest completed message, or created_at.
    Object.assign(run.row, { message_count: run.messages.size, ...runActivity(run.row.created_at, [...run.messages.values()].map((m) => m.message)) });
  }

  private appendMessages(run: StoredRun, messages: WireMessage[]): void {
    for (const message of messages) {
      // Append-only, as in SQL: a message the server has is never rewritten.
      if (run.messages.has(message.id)) continue;
      run.messages.set(message.id, { message, pos: ++this.counter });
      this.messageLog.push({ kind: 'append', runId: run.row.id, messageId: message.id });
    }
    if (messages.length > 0) run.pos = ++this.counter;
  }
}
