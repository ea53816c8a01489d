// Shared runs (collaboration) as the device sees the server: invite people to a run by e-mail as viewer
// or editor, list and change them, answer invitations, and read the runs shared with me. Online calls
// (nothing is queued): each says when the server cannot be reached. Answers are checked here.
import * as c from '../checks';
import type { Message, Result } from '../model';
import type { ShareApiFailure } from './share-api';
import { createShareRpc, type FetchShareApiOptions } from './share-rpc';

export type MemberRole = 'viewer' | 'editor';

export interface RunPeople {
  myRole: 'owner' | MemberRole;
  owner: string;
  members: Array<{ userId: string; email: string; role: MemberRole; isMe: boolean }>;
  invitations: Array<{ id: string; email: string; role: MemberRole }>;
}

export interface RunInvitation {
  id: string;
  role: MemberRole;
  runName: string;
  invitedBy: string;
}

export interface SharedRunSummary {
  runId: string;
  name: string;
  role: MemberRole;
  owner: string;
  promptName: string;
  lastMessageAt: string;
  preview: string;
}

export interface MemberRun {
  runId: string;
  name: string;
  role: 'owner' | MemberRole;
  owner: string;
  promptName: string;
  modelName: string;
  currentLeafId: string | null;
  messages: Message[];
}

type R<T> = Promise<Result<T, ShareApiFailure>>;

export interface MembersApi {
  invite(runId: string, email: string, role: MemberRole): R<{ status: 'pending' | 'member'; email: string }>;
  people(runId: string): R<RunPeople>;
  setRole(runId: string, userId: string, role: MemberRole): R<boolean>;
  remove(runId: string, userId: string): R<boolean>;
  withdraw(invitationId: string): R<boolean>;
  invitations(): R<RunInvitation[]>;
  answer(invitationId: string, accept: boolean): R<{ runId: string }>;
  sharedRuns(): R<SharedRunSummary[]>;
  run(runId: string): R<MemberRun>;
}

const role = c.oneOf(['viewer', 'editor']);
const text = c.withDefault(c.string(), () => '');
const peopleSchema = c.object({
  my_role: c.oneOf(['owner', 'viewer', 'editor']),
  owner: text,
  members: c.array(c.object({ user_id: c.string(1), email: text, role, is_me: c.boolean })),
  invitations: c.array(c.object({ id: c.string(1), email: c.string(1), role })),
});
const invitationSchema = c.object({ id: c.string(1), role, run_name: text, invited_by: text });
const summarySchema = c.object({
  run_id: c.string(1), name: text, role, owner: text, prompt_name: text, last_message_at: c.isoDate, preview: text,
});
const messageSchema = c.object({
  id: c.string(1),
  parentId: c.nullable(c.string(1)),
  role: c.oneOf(['system', 'user', 'assistant']),
  content: c.string(),
  status: c.withDefault(c.oneOf(['streaming', 'done', 'error', 'interrupted']), () => 'done' as const),
  createdAt: c.isoDate,
});
const runSchema = c.object({
  run_id: c.string(1), name: text, role: c.oneOf(['owner', 'viewer', 'editor']), owner: text, prompt_name: text,
  model_name: text, current_leaf_id: c.withDefault(c.nullable(c.string(1)), () => null), messages: c.array(messageSchema),
});

export function createFetchMembersApi(options: FetchShareApiOptions): MembersApi {
  const call = createShareRpc(options);
  return {
    invite: (runId, email, r) =>
      call('invite_to_run', { invitation_id: crypto.randomUUID(), run_id: runId, email, role: r }, (data) => {
        const row = c.object({ status: c.oneOf(['pending', 'member']), email: c.string(1) })(data, 'invitation');
        return { status: row.status, email: row.email };
      }),
    people: (runId) =>
      call('list_run_members', { run_id: runId }, (data) => {
        const p = peopleSchema(data, 'people');
        return {
          myRole: p.my_role, owner: p.owner,
          members: p.members.map((m) => ({ userId: m.user_id, email: m.email, role: m.role, isMe: m.is_me })),
          invitations: p.invitations.map((i) => ({ id: i.id, email: i.email, role: i.role })),
        };
      }),
    setRole: (runId, userId, r) => call('set_run_member_role', { run_id: runId, user_id: userId, role: r }, (d) => d === true),
    remove: (runId, userId) => call('remove_run_member', { run_id: runId, user_id: userId }, (d) => d === true),
    withdraw: (id) => call('revoke_run_invitation', { invitation_id: id }, (d) => d === true),
    invitations: () =>
      call('my_run_invitations', {}, (data) =>
        c.array(invitationSchema)(data, 'invitations').map((i) => ({ id: i.id, role: i.role, runName: i.run_name, invitedBy: i.invited_by }))),
    answer: (id, accept) =>
      call('answer_run_invitation', { invitation_id: id, accept }, (data) => ({ runId: c.object({ run_id: c.string(1) })(data, 'answer').run_id })),
    sharedRuns: () =>
      call('shared_runs', {}, (data) =>
        c.array(summarySchema)(data, 'runs').map((r) => ({
          runId: r.run_id, name: r.name, role: r.role, owner: r.owner, promptName: r.prompt_name, lastMessageAt: r.last_message_at, preview: r.preview,
        }))),
    run: (runId) =>
      call('get_member_run', { run_id: runId }, (data) => {
        const r = runSchema(data, 'run');
        return {
          runId: r.run_id, name: r.name, role: r.role, owner: r.owner, promptName: r.prompt_name, modelName: r.model_name,
          currentLeafId: r.current_leaf_id, messages: r.messages.map((m) => ({ ...m, runId: r.run_id })),
        };
      }),
  };
}
