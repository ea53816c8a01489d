// Shared runs through the real SQL (the local stand-in, a throwaway PostgreSQL cluster), two accounts with
// the app's engine and store: the owner invites, the member's device pulls the run, the member (editor)
// writes in it, the owner's device gets the message with its author, and when the owner removes the member
// their copy leaves their device, with the text they wrote offline meanwhile kept in a dead letter in the
// server's words.
import { expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { newId, nowIso } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { createRun, getRun, renameRun, updateRun } from '@sync/store/runs';
import { listSharedRuns } from '@sync/store/shared-runs';
import type { Message } from '@sync/model';
import { unwrap } from '@sync/test-support';
import { deadLetterText, listDeadLetters } from '@sync/engine/dead-letters';
import { standInDevices, type Device } from '../support/stand-in-devices';
import { messagesOfRun } from '../../sync/run-messages';

const stand = standInDevices();
const device = (email: string) => stand.device(email);

const msg = (runId: string, role: Message['role'], content: string, parentId: string | null): Message => ({
  id: newId(), runId, parentId, role, content, status: 'done', createdAt: nowIso(),
});

async function rpc(sb: SupabaseClient, fn: string, args: Record<string, unknown>) {
  const { data, error } = await sb.rpc(fn, args);
  if (error) throw new Error(`${fn}: ${error.message}`);
  return data;
}

async function write(d: Device, runId: string, text: string): Promise<Message> {
  const leaf = (await getRun(d.db, runId))!.run.current_leaf_id;
  const m = msg(runId, 'user', text, leaf);
  unwrap(await updateRun(d.db, runId, { append: [m], current_leaf_id: m.id }));
  return m;
}

it('owner invites, the member pulls and writes, the owner sees the author, removal takes the run away', async () => {
  const ownerEmail = `ada-${newId()}@example.test`;
  const memberEmail = `sam-${newId()}@example.test`;
  const owner = await device(ownerEmail);
  const member = await device(memberEmail);
  const prompt = unwrap(await createPrompt(owner.db, { name: 'Planner', user_template: 'Plan {{x}}' }));
  const first = msg('x', 'user', 'Where should we sleep in Lyon', null);
  const run = unwrap(await createRun(owner.db, prompt.id, { name: 'Trip plan', variable_values: { x: 'Lyon' }, settings: prompt.settings, messages: [first, msg('x', 'assistant', 'Near Perrache station', first.id)] }));
  expect(await owner.engine.syncNow()).toMatchObject({ ok: true });

  // Invited as editor, accepted: the member's device pulls the run and its messages.
  const invitation = crypto.randomUUID();
  await rpc(owner.sb, 'invite_to_run', { invitation_id: invitation, run_id: run.id, email: memberEmail, role: 'editor' });
  await rpc(member.sb, 'answer_run_invitation', { invitation_id: invitation, accept: true });
  expect(await member.engine.syncNow()).toMatchObject({ ok: true });
  const here = (await getRun(member.db, run.id))!;
  expect(here.run.shared).toMatchObject({ role: 'editor', owner_email: ownerEmail, prompt_name: 'Planner' });
  expect(here.messages.map((m) => m.content).sort()).toEqual(['Near Perrache station', 'Where should we sleep in Lyon']);
  expect((await listSharedRuns(member.db)).map((r) => r.id)).toEqual([run.id]);

  // The editor writes and renames; the owner's device gets both, the message with its author.
  const written = await write(member, run.id, 'And a day trip to Annecy?');
  unwrap(await renameRun(member.db, run.id, 'Lyon and Annecy'));
  expect(await member.engine.syncNow()).toMatchObject({ ok: true });
  expect(await listDeadLetters(member.db)).toEqual([]);
  expect(await owner.engine.syncNow()).toMatchObject({ ok: true });
  const there = (await getRun(owner.db, run.id))!;
  expect(there.run.name).toBe('Lyon and Annecy');
  expect(there.run.shared ?? null).toBeNull();
  expect(there.messages.find((m) => m.id === written.id)?.authorId).toBe(member.userId);

  // Written offline, then removed: the run leaves the member's device; the text stays readable.
  const offline = await write(member, run.id, 'Book the night train');
  await rpc(owner.sb, 'remove_run_member', { run_id: run.id, user_id: member.userId });
  expect(await member.engine.syncNow()).toMatchObject({ ok: true });
  await member.engine.syncNow();
  expect(await member.db.runs.get(run.id)).toBeUndefined();
  expect(await messagesOfRun(member.db.messages, run.id).count()).toBe(0);
  expect(await member.db.outbox.count()).toBe(0);
  const letters = await listDeadLetters(member.db);
  expect(letters.map((l) => [l.code, l.message])).toEqual([['membership_removed', 'Your changes to "Lyon and Annecy" were not saved: its owner removed you from this run']]);
  expect(deadLetterText(letters[0]!)).toBe(offline.content);
  // The owner's run lives on, without the refused message.
  expect(await owner.engine.syncNow()).toMatchObject({ ok: true });
  expect((await getRun(owner.db, run.id))!.messages.map((m) => m.id)).not.toContain(offline.id);
}, 120_000);
