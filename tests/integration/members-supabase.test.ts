// Shared runs end to end: the real engine on two accounts' devices, through supabase-js and the local
// stand-in's SQL. The owner invites by e-mail, the member's device syncs the run with its role and every
// message with its author, an editor's message reaches the owner with the editor as author, stars stay
// personal, and a removal takes the run off the member's device while the change written offline meanwhile
// is kept as a dead letter in the server's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/server';
import { PromptRunsDB } from '@sync/db';
import { newId, nowIso } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { createRun, getRun, renameRun, starRun, updateRun } from '@sync/store/runs';
import type { Message } from '@sync/model';
import { listDeadLetters } from '@sync/engine/dead-letters';
import { createSyncEngine, type SyncEngine } from '@sync/engine/sync-engine';
import { manualEnvironment } from '@sync/engine/environment';
import { transportFor } from '../support/supabase-sync-transport';

let local: LocalSupabase;
const open: PromptRunsDB[] = [];

beforeAll(async () => {
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters', jwtExpiry: 900 });
}, 120_000);
afterAll(async () => {
  open.forEach((db) => db.close());
  await local?.close();
});

interface Device { db: PromptRunsDB; engine: SyncEngine; sb: SupabaseClient; userId: string }

async function device(email: string): Promise<Device> {
  const sb = createClient(local.url, local.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as never },
  });
  const { data, error } = await sb.auth.signUp({ email, password: 'secret-pass-1' });
  expect(error).toBeNull();
  const db = new PromptRunsDB(`members-supabase-${newId()}`);
  open.push(db);
  const engine = createSyncEngine({
    db,
    transport: transportFor(sb, local, { timeoutMs: 15_000 }),
    auth: { refresh: async () => !(await sb.auth.refreshSession()).error },
    environment: manualEnvironment(true),
    watchDatabase: false,
  });
  return { db, engine, sb, userId: data.user!.id };
}

async function rpc(d: Device, fn: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { data, error } = await d.sb.rpc(fn, args);
  expect(error).toBeNull();
  return data as Record<string, unknown>;
}

async function share(owner: Device, member: Device, runId: string, email: string, role: 'viewer' | 'editor'): Promise<void> {
  const inv = await rpc(owner, 'invite_to_run', { invitation_id: newId(), run_id: runId, email, role });
  await rpc(member, 'answer_run_invitation', { invitation_id: inv['id'], accept: true });
}

const msg = (runId: string, role: Message['role'], content: string, parentId: string | null): Message => ({
  id: newId(), runId, parentId, role, content, status: 'done', createdAt: nowIso(),
});

describe('shared runs between accounts, through the stand-in', () => {
  it('an editor continues the owner\'s run, stars it for themself, and a removal takes it away keeping their offline text', async () => {
    const tag = newId().slice(0, 8);
    const ada = await device(`ada-${tag}@example.test`);
    const sam = await device(`sam-${tag}@example.test`);
    const prompt = await createPrompt(ada.db, { name: 'Planner', user_template: 'Plan {{x}}' });
    if (!prompt.ok) throw prompt.error;
    const q = msg('x', 'user', 'Where to sleep in Lyon?', null);
    const run = await createRun(ada.db, prompt.value.id, { name: 'Lyon', variable_values: { x: 'Lyon' }, settings: prompt.value.settings, messages: [q, msg('x', 'assistant', 'Near Perrache', q.id)] });
    if (!run.ok) throw run.error;
    const runId = run.value.id;
    expect(await ada.engine.syncNow()).toMatchObject({ ok: true });

    await share(ada, sam, runId, `sam-${tag}@example.test`, 'editor');
    expect(await sam.engine.syncNow()).toMatchObject({ ok: true });
    const there = (await getRun(sam.db, runId))!;
    expect(there.run).toMatchObject({ user_id: ada.userId, name: 'Lyon', shared: { role: 'editor', owner_email: `ada-${tag}@example.test`, prompt_name: 'Planner' } });
    expect(there.messages.map((m) => [m.content, m.authorId]).sort()).toEqual([['Near Perrache', ada.userId], ['Where to sleep in Lyon?', ada.userId]]);

    const mine = msg(runId, 'user', 'And for two nights?', there.run.current_leaf_id);
    expect((await updateRun(sam.db, runId, { append: [mine], current_leaf_id: mine.id })).ok).toBe(true);
    expect((await starRun(sam.db, runId, true)).ok).toBe(true);
    expect(await sam.engine.syncNow()).toMatchObject({ ok: true });
    expect(await ada.engine.syncNow()).toMatchObject({ ok: true });
    const owners = (await getRun(ada.db, runId))!;
    expect(owners.messages.find((m) => m.id === mine.id)).toMatchObject({ content: 'And for two nights?', authorId: sam.userId });
    expect(owners.run.is_starred).toBe(false);
    expect(owners.run.shared ?? null).toBeNull();
    expect(await sam.engine.syncNow()).toMatchObject({ ok: true });
    expect((await getRun(sam.db, runId))!.run.is_starred).toBe(true);

    // Removed while offline: the rename written meanwhile is refused in the server's words, the run leaves.
    await rpc(ada, 'remove_run_member', { run_id: runId, user_id: sam.userId });
    expect((await renameRun(sam.db, runId, 'Lyon, my way')).ok).toBe(true);
    expect(await sam.engine.syncNow()).toMatchObject({ ok: true });
    expect(await getRun(sam.db, runId)).toBeNull();
    const letters = await listDeadLetters(sam.db);
    expect(letters).toEqual([expect.objectContaining({ code: 'membership_removed', message: expect.stringContaining('its owner removed you from this run') })]);
    expect((await getRun(ada.db, runId))!.run.name).toBe('Lyon');
  });
});
