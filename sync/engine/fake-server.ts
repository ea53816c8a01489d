// An in-memory server with the semantics of the SQL functions (sync_push / sync_pull), for tests: protocol
// range (426 outside it), call limits (413), idempotent seq per client (a rejected seq stays rejected),
// per-field LWW with client-id tie-break, future clocks clamped to its now, messages merged by id, the purge
// rule, per-change refusal codes, echoed server-kept columns left alone, shared runs (fake-members.ts: one
// server, several accounts through `as(userId)`), one change counter as the cursor (gap-free: nothing runs
// concurrently). sync-server-contract and sync-transport-contract check it on SQL.
import { canonicalJson, clockMs, compareFieldWrites, runActivity } from '../merge';
import { utf8Length } from '../limits';
import {
  SERVER_PROTOCOL_MAX, SYNC_LIMITS, type PromptRow, type PullRequest, type PullResponse, type PushChange,
  type PushChangeResult, type PushRequest, type PushResponse, type RunRow, type WireMessage,
} from '../protocol';
import { FakeOrganizeStore, OrganizeRejection, emptyOrganizeArrays, isOrganizeChange } from './fake-organize';
import { FakeMembers, MemberRejection } from './fake-members';
import { Rejection, validateChange } from './fake-validate';

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

  /** Tags, folders, tag links, filing and versions (protocol 3) of `options.userId`; other accounts' apart. */
  readonly organize: FakeOrganizeStore;
  private readonly organizeByUser = new Map<string, FakeOrganizeStore>();
  /** Shared runs: memberships, removals, e-mails (tests add and remove members here). */
  readonly members = new FakeMembers(() => ++this.counter);
  /** The account of the call being served (`as(userId)`; `options.userId` otherwise). */
  private caller: string;

  constructor(private readonly options: FakeServerOptions) {
    this.caller = options.userId;
    this.organize = this.organizeOf(options.userId);
    this.members.onRemoved = (runId, userId) => this.organizeOf(userId).dropRun(runId);
  }

  private organizeOf(userId: string): FakeOrganizeStore {
    const existing = this.organizeByUser.get(userId);
    if (existing) return existing;
    const store = new FakeOrganizeStore({
      run: (id, membersToo) => {
        const run = this.runs.get(id);
        const mine = run && (!run.row.user_id || run.row.user_id === userId);
        if (!run || (!mine && !(membersToo && this.members.membership(id, userId)))) return 'absent';
        return run.purgedAt ? 'purged' : 'live';
      },
      hasPrompt: (id) => this.prompts.has(id),
      nextPos: () => ++this.counter,
      clamp: (iso) => this.clamp(iso),
    });
    this.organizeByUser.set(userId, store);
    return store;
  }

  /** The same server, called by another account (its own runs and prompts, and runs shared with it). */
  as(userId: string): Pick<FakeSyncServer, 'push' | 'pull'> {
    const serve = <T>(call: () => T): T => {
      const before = this.caller;
      this.caller = userId;
      try {
        return call();
      } finally {
        this.caller = before;
      }
    };
    return { push: (req) => serve(() => this.push(req)), pull: (req) => serve(() => this.pull(req)) };
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
    // Seqs are counted per account and device, as the SQL keys them (user, client).
    const seqKey = `${this.caller}/${req.client_id}`;
    for (const change of [...req.changes].sort((a, b) => a.seq - b.seq)) {
      const last = this.lastSeq.get(seqKey) ?? 0;
      const body = canonicalJson(change);
      const earlier = inCall.get(change.seq);
      inCall.set(change.seq, earlier ?? body);
      const rejected = this.rejections.get(`${seqKey}:${change.seq}`);
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
        if (!(error instanceof Rejection || error instanceof OrganizeRejection || error instanceof MemberRejection)) throw error;
        this.rejections.set(`${seqKey}:${change.seq}`, { code: error.code, message: error.message });
        results.push({ seq: change.seq, status: 'rejected', code: error.code, message: error.message });
      }
      this.lastSeq.set(seqKey, change.seq);
    }
    return { protocol, applied_through: this.lastSeq.get(seqKey) ?? 0, server_time: this.nowIso(), results };
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
    const caller = this.caller;
    for (const p of this.prompts.values()) if (p.pos > since && p.row.user_id === caller) items.push({ pos: p.pos, add: (o) => o.prompts.push(structuredClone(p.row)) });
    for (const [runId, r] of this.runs) {
      const member = r.row.user_id === caller ? null : this.members.membership(runId, caller);
      if (member === undefined) continue;
      // A membership that started after the cursor brings the whole run once, at the membership's position.
      const whole = member !== null && member.startPos > since;
      const at = (pos: number) => (whole ? Math.max(pos, member.startPos) : pos);
      const rowPos = Math.max(r.pos, member?.pos ?? 0);
      const row = () => (member ? this.members.viewFor(caller, { row: r.row, owner: r.row.user_id ?? '', promptName: this.prompts.get(r.row.prompt_id)?.row.name ?? null }, member) : structuredClone(r.row));
      if (whole || rowPos > since) items.push({ pos: at(rowPos), add: (o) => o.runs.push(row()) });
      for (const m of r.messages.values()) {
        if (whole || m.pos > since) items.push({ pos: at(m.pos), add: (o) => o.messages.push({ ...structuredClone(m.message), run_id: runId }) });
      }
    }
    for (const { runId, removal } of this.members.removedSince(caller, since)) {
      items.push({ pos: removal.pos, add: (o) => (o.removed_runs ??= []).push({ id: runId, removed_at: removal.removedAt }) });
    }
    if (protocol >= 3) {
      for (const item of this.organizeOf(caller).changedSince(organizeSince)) {
        items.push({ pos: item.pos, add: (o) => ((o as unknown as Record<string, unknown[]>)[item.array]!).push(item.row) });
      }
    }
    items.sort((a, b) => a.pos - b.pos);
    // Never a page boundary between items of one position (a new membership's rows share it): the cursor skips past it.
    let size = Math.max(1, req.max_rows);
    while (size < items.length && items[size]!.pos === items[size - 1]!.pos) size += 1;
    const page = items.slice(0, size);
    const last = page.at(-1)?.pos ?? since;
    const out: PullResponse = { protocol, cursor: protocol >= 3 ? `${last};k` : String(last), has_more: items.length > page.length, server_time: this.nowIso(),
      prompts: [], runs: [], messages: [], ...(protocol >= 3 ? emptyOrganizeArrays() : {}) };
    for (const item of page) item.add(out);
    return out;
  }

  private nowIso(): string {
    return new Date(this.options.now()).toISOString();
  }


  private apply(clientId: string, change: PushChange): void {
    const echoedPrompt = change.values?.prompt_id;
    validateChange(change, this.caller, this.options.now());
    if (isOrganizeChange(change)) return this.organizeOf(this.caller).apply(clientId, change);
    const id = change.id!;
    const table = change.table === 'prompt_runs' ? this.runs : this.prompts;
    const now = this.options.now();
    const clamp = (iso: string | undefined) => this.clamp(iso);
    let stored = table.get(id) as Stored<RunRow | PromptRow> | undefined;
    // Someone else's run: what its members may change (fake-members.ts); anything else of theirs is not_found.
    if (stored && stored.row.user_id !== this.caller) {
      if (change.table !== 'prompt_runs') throw new Rejection('not_found', `No such row: ${id}`);
      this.members.checkPush(this.caller, clientId, stored.row as RunRow, change, clamp);
    }
    if (!stored) {
      if (!change.insert) throw new Rejection('not_found', `No such row: ${id}`);
      if (change.table === 'prompt_runs' && this.prompts.get(change.insert.prompt_id ?? '')?.row.user_id !== this.caller) {
        throw new Rejection('invalid_prompt', 'prompt_id is not one of your prompts');
      }
      const created = clamp(change.insert.created_at);
      const row = { id, user_id: this.caller, ...change.insert, created_at: created, updated_at: created, field_updated_at: {} };
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
      for (const store of this.organizeByUser.values()) store.purgeRun(id);
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
      // Who wrote it is the caller, whatever the app sent.
      run.messages.set(message.id, { message: { ...message, authorId: this.caller }, pos: ++this.counter });
      this.messageLog.push({ kind: 'append', runId: run.row.id, messageId: message.id });
    }
    if (messages.length > 0) run.pos = ++this.counter;
  }
}
