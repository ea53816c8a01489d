// The engine against the real SQL functions, through supabase-js and the local stand-in (a throwaway
// PostgreSQL cluster): two devices of one user converge, a retried batch applies nothing twice, and
// another user sees none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/server';
import { PromptRunsDB } from '@sync/db';
import { newId, nowIso } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { createRun, deleteRun, getRun, renameRun, updateRun } from '@sync/store/runs';
import { purgeRun } from '@sync/store/run-library-actions';
import type { Message } from '@sync/model';
import { transportFor } from '../support/supabase-sync-transport';
import { createSyncEngine, type SyncEngine } from '@sync/engine/sync-engine';
import { manualEnvironment } from '@sync/engine/environment';
import { ensureClientId } from '@sync/engine/sync-meta';
import { messagesOfRun } from '../../sync/run-messages';

let local: LocalSupabase;
const open: PromptRunsDB[] = [];

beforeAll(async () => {
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters', jwtExpiry: 900 });
}, 120_000);
afterAll(async () => {
  open.forEach((db) => db.close());
  await local?.close();
});

function client(): SupabaseClient {
  return createClient(local.url, local.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as never }, // Node 20 has no WebSocket; Realtime is never opened here
  });
}

async function device(email: string, signUp: boolean): Promise<{ db: PromptRunsDB; engine: SyncEngine; sb: SupabaseClient }> {
  const sb = client();
  const { error } = signUp
    ? await sb.auth.signUp({ email, password: 'secret-pass-1' })
    : await sb.auth.signInWithPassword({ email, password: 'secret-pass-1' });
  expect(error).toBeNull();
  const db = new PromptRunsDB(`sync-supabase-${newId()}`);
  open.push(db);
  const engine = createSyncEngine({
    db,
    transport: transportFor(sb, local, { timeoutMs: 15_000 }),
    auth: { refresh: async () => !(await sb.auth.refreshSession()).error },
    environment: manualEnvironment(true),
    watchDatabase: false,
  });
  return { db, engine, sb };
}

const msg = (runId: string, role: Message['role'], content: string, parentId: string | null): Message => ({
  id: newId(), runId, parentId, role, content, status: 'done', createdAt: nowIso(),
});

describe('sync engine ↔ local Supabase stand-in', () => {
  it('two devices of one user converge: A continues offline while B renames; a third user sees nothing', async () => {
    const email = `ada-${newId()}@example.test`;
    const a = await device(email, true);
    const b = await device(email, false);
    const prompt = await createPrompt(a.db, { name: 'Translate', user_template: 'Translate {{text}}' });
    if (!prompt.ok) throw prompt.error;
    const first = msg('x', 'user', 'Bonjour', null);
    const run = await createRun(a.db, prompt.value.id, { variable_values: { text: 'Bonjour' }, settings: prompt.value.settings, messages: [first, msg('x', 'assistant', 'Hello', first.id)] });
    if (!run.ok) throw run.error;
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(await b.engine.syncNow()).toMatchObject({ ok: true });
    expect((await getRun(b.db, run.value.id))?.messages.map((m) => m.content).sort()).toEqual(['Bonjour', 'Hello']);

    const leaf = (await getRun(a.db, run.value.id))!.run.current_leaf_id;
    const q = msg(run.value.id, 'user', 'Merci', leaf);
    await updateRun(a.db, run.value.id, { append: [q, msg(run.value.id, 'assistant', 'Thank you', q.id)] });
    await new Promise((r) => setTimeout(r, 5)); // B's edit is later on the clock
    await renameRun(b.db, run.value.id, 'French greetings');
    expect(await b.engine.syncNow()).toMatchObject({ ok: true });
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(await b.engine.syncNow()).toMatchObject({ ok: true });
    for (const d of [a, b]) {
      const got = await getRun(d.db, run.value.id);
      expect(got?.run.name).toBe('French greetings');
      // Messages made in one millisecond have no order by time; the set is what must match.
      expect(got?.messages.map((m) => m.content).sort()).toEqual(['Bonjour', 'Hello', 'Merci', 'Thank you']);
      expect(got?.run.message_count).toBe(4);
      expect(await d.db.outbox.count()).toBe(0);
    }

    const stranger = await device(`eve-${newId()}@example.test`, true);
    expect(await stranger.engine.syncNow()).toMatchObject({ ok: true });
    expect(await stranger.db.runs.count()).toBe(0);
    expect(await stranger.db.prompts.count()).toBe(0);
  }, 60_000);

  it('deleting a run forever on one device empties it on the server and on the other device', async () => {
    const email = `del-${newId()}@example.test`;
    const a = await device(email, true);
    const b = await device(email, false);
    const prompt = await createPrompt(a.db, { name: 'p' });
    if (!prompt.ok) throw prompt.error;
    const first = msg('x', 'user', 'secret', null);
    const run = await createRun(a.db, prompt.value.id, { variable_values: {}, settings: prompt.value.settings, messages: [first] });
    if (!run.ok) throw run.error;
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(await messagesOfRun(b.db.messages, run.value.id).count()).toBe(1);
    await deleteRun(a.db, run.value.id);
    expect((await purgeRun(a.db, run.value.id)).ok).toBe(true);
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(await b.engine.syncNow()).toMatchObject({ ok: true });
    expect(await messagesOfRun(b.db.messages, run.value.id).count()).toBe(0);
    expect(await b.db.purged.get(run.value.id)).toBeDefined();
    expect((await b.db.runs.get(run.value.id))?.status).toBe('deleted');
  }, 60_000);

  it('a batch sent twice (lost response) is applied once: the retry comes back as duplicates', async () => {
    const a = await device(`bob-${newId()}@example.test`, true);
    const transport = transportFor(a.sb, local);
    const id = newId();
    const at = nowIso();
    const req = {
      client_id: await ensureClientId(a.db),
      changes: [{ seq: 1, table: 'prompts' as const, id, insert: { created_at: at }, values: { name: 'Once' }, clocks: { name: at } }],
    };
    const first = await transport.push(req);
    const again = await transport.push(req);
    expect(first).toMatchObject({ kind: 'ok', value: { applied_through: 1, results: [{ seq: 1, status: 'applied' }] } });
    expect(again).toMatchObject({ kind: 'ok', value: { applied_through: 1, results: [{ seq: 1, status: 'duplicate' }] } });
  }, 30_000);

  it('maps a refused request and a missing session to the transport results the engine acts on', async () => {
    const a = await device(`cy-${newId()}@example.test`, true);
    const transport = transportFor(a.sb, local);
    const bad = await transport.push({ client_id: 'not-a-uuid', changes: [] });
    expect(bad.kind).toBe('rejected');
    const anonymous = transportFor(client(), local);
    expect((await anonymous.pull({ since: null, max_rows: 10 })).kind).toBe('unauthorized');
  }, 30_000);
});
