// The fake server's shared runs, with the semantics of the SQL (CONTRACTS.md, "members' sync"): memberships
// by run (viewer or editor) with the member's own star and pin, removals, what a member's push may change,
// and how a member's pull sees the run (a `shared` description, their own star and pin). The server
// (fake-server.ts) asks it who may do what; it keeps no rows of its own beyond memberships.
import { compareFieldWrites } from '../merge';
import type { RunSharing, MemberRole } from '../model';
import type { PushChange, RunRow } from '../protocol';

export class MemberRejection extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A run's personal fields: each member keeps their own. */
export const PERSONAL_FIELDS: readonly string[] = ['is_starred', 'is_pinned'];
/** What an editor may change besides personal fields and appending messages. */
const EDITOR_FIELDS: readonly string[] = ['name', 'description', 'current_leaf_id', 'settings'];

export interface Membership {
  role: MemberRole;
  /** Position (the server's change counter) when the membership started: the run comes whole once after it. */
  startPos: number;
  /** Position of the latest change to the member's own fields. */
  pos: number;
  values: Record<string, unknown>;
  clocks: Record<string, string>;
  writers: Record<string, string>;
}

export interface Removal {
  removedAt: string;
  pos: number;
}

/** What the server tells a member about a run (its row, as that member sees it). */
export interface RunView {
  row: RunRow;
  owner: string;
  promptName: string | null;
}

export class FakeMembers {
  private readonly members = new Map<string, Map<string, Membership>>();
  private readonly removals = new Map<string, Map<string, Removal>>();
  private readonly emails = new Map<string, string>();

  /** A membership ended (the server drops the member's tags and folder of the run). */
  onRemoved: (runId: string, userId: string) => void = () => undefined;

  constructor(private readonly nextPos: () => number) {}

  setEmail(userId: string, email: string): void {
    this.emails.set(userId, email);
  }

  emailOf(userId: string): string {
    return this.emails.get(userId) ?? `${userId}@example.test`;
  }

  /** The owner invites `userId` (accepted at once) or changes their role. */
  add(runId: string, userId: string, role: MemberRole): void {
    const of = this.members.get(runId) ?? new Map<string, Membership>();
    const existing = of.get(userId);
    const pos = this.nextPos();
    of.set(userId, existing ? { ...existing, role, pos } : { role, startPos: pos, pos, values: { is_starred: false, is_pinned: false }, clocks: {}, writers: {} });
    this.members.set(runId, of);
    this.removals.get(runId)?.delete(userId);
    this.peopleChanged(runId, pos);
  }

  /** The run's people changed: every member pulls its row again (their `people` list). */
  private peopleChanged(runId: string, pos: number): void {
    for (const m of this.members.get(runId)?.values() ?? []) m.pos = Math.max(m.pos, pos);
  }

  /** The owner removes `userId` (or they leave): their devices drop the run at their next pull. */
  remove(runId: string, userId: string, removedAt: string): void {
    if (!this.members.get(runId)?.delete(userId)) return;
    const of = this.removals.get(runId) ?? new Map<string, Removal>();
    const pos = this.nextPos();
    of.set(userId, { removedAt, pos });
    this.removals.set(runId, of);
    this.peopleChanged(runId, pos);
    this.onRemoved(runId, userId);
  }

  membership(runId: string, userId: string): Membership | undefined {
    return this.members.get(runId)?.get(userId);
  }

  /** Runs `userId` is a member of, with the membership. */
  *memberOf(userId: string): Generator<[string, Membership]> {
    for (const [runId, of] of this.members) {
      const m = of.get(userId);
      if (m) yield [runId, m];
    }
  }

  /** Memberships of `userId` that ended after `since`, for `removed_runs`. */
  removedSince(userId: string, since: number): Array<{ runId: string; removal: Removal }> {
    const out: Array<{ runId: string; removal: Removal }> = [];
    for (const [runId, of] of this.removals) {
      const removal = of.get(userId);
      if (removal && removal.pos > since && !this.membership(runId, userId)) out.push({ runId, removal });
    }
    return out;
  }

  /**
   * A change to a run `caller` does not own: refused whole (read_only, membership_removed, not_found) or
   * accepted, with its personal fields taken out of `values` into the membership.
   */
  checkPush(caller: string, clientId: string, run: RunRow, change: PushChange, clamp: (iso: string | undefined) => string): void {
    const member = this.membership(run.id, caller);
    if (!member) {
      if (this.removals.get(run.id)?.has(caller)) {
        throw new MemberRejection('membership_removed', `Your changes to "${run.name}" were not saved: its owner removed you from this run`);
      }
      throw new MemberRejection('not_found', `run ${run.id} was not found on the server; if it is new, send it with "insert"`);
    }
    const fields = Object.keys(change.values).filter((f) => !PERSONAL_FIELDS.includes(f));
    const appends = (change.append_messages ?? []).length > 0;
    if (member.role === 'viewer' && (fields.length > 0 || appends || change.insert || change.purge)) {
      throw new MemberRejection('read_only', `"${run.name}" is shared with you to read: its owner has not let you change it`);
    }
    const denied = change.insert ? 'insert' : change.purge ? 'purge' : fields.find((f) => !EDITOR_FIELDS.includes(f));
    if (denied) throw new MemberRejection('read_only', `"${run.name}" is shared with you to edit: only its owner can change its ${denied.replace(/_/g, ' ')}`);
    for (const field of PERSONAL_FIELDS) {
      if (!(field in change.values)) continue;
      const incoming = { clock: clamp(change.clocks[field]), writer: clientId, value: change.values[field] };
      const current = { clock: member.clocks[field], writer: member.writers[field], value: member.values[field] };
      if (current.clock === undefined || compareFieldWrites(incoming, current) >= 0) {
        member.values[field] = incoming.value;
        member.clocks[field] = incoming.clock;
        member.writers[field] = clientId;
      }
      delete change.values[field];
      member.pos = this.nextPos();
    }
  }

  /** The run as `userId` sees it: their own star and pin, and who else is in it. */
  viewFor(userId: string, view: RunView, member: Membership): RunRow {
    const people: RunSharing['people'] = [{ user_id: view.row.user_id ?? view.owner, email: this.emailOf(view.owner), role: 'owner' }];
    for (const [id, m] of this.members.get(view.row.id) ?? []) people.push({ user_id: id, email: this.emailOf(id), role: m.role });
    const shared: RunSharing = { role: member.role, owner_email: this.emailOf(view.owner), prompt_name: view.promptName, people };
    const clocks = { ...view.row.field_updated_at };
    for (const f of PERSONAL_FIELDS) {
      if (member.clocks[f]) clocks[f] = member.clocks[f];
      else delete clocks[f];
    }
    return { ...structuredClone(view.row), is_starred: member.values.is_starred === true, is_pinned: member.values.is_pinned === true, field_updated_at: clocks, shared };
  }
}
