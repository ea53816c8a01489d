// The stand-in on PGlite, the fallback for machines without PostgreSQL binaries: the same migrations,
// roles, RLS and sync functions, driven by the real supabase-js client. (The full SQL suites run on
// the real server; this proves the fallback serves the app's flows.)
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import type { PullResponse, PushResponse } from '../../sync/protocol';
import { startLocalSupabase, type LocalSupabase } from './server';

let local: LocalSupabase;

beforeAll(async () => {
  // PGlite compiles its WASM on start: seconds on an idle machine, longer on a busy one.
  local = await startLocalSupabase({ port: 0, engine: 'pglite' });
}, 180_000);
afterAll(() => local?.close());

function client(): SupabaseClient {
  return createClient(local.url, local.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as never },
  });
}

async function signedUp(): Promise<{ sb: SupabaseClient; userId: string }> {
  const sb = client();
  const { data, error } = await sb.auth.signUp({ email: `pglite-${randomUUID()}@example.test`, password: 'secret-pass-1' });
  expect(error).toBeNull();
  return { sb, userId: data.user!.id };
}

describe('local stand-in on PGlite', () => {
  it('runs on PGlite', () => {
    expect(local.database).toEqual({ engine: 'pglite', psql: null });
  });

  it('signs up, pushes a prompt, a run and a message, and pulls them back', async () => {
    const { sb, userId } = await signedUp();
    const promptId = randomUUID();
    const runId = randomUUID();
    const t = new Date().toISOString();
    const push = await sb.rpc('sync_push', {
      client_id: randomUUID(),
      changes: [
        { seq: 1, table: 'prompts', id: promptId, insert: { created_at: t }, values: { name: 'On PGlite' }, clocks: { name: t } },
        {
          seq: 2, table: 'prompt_runs', id: runId, insert: { prompt_id: promptId, created_at: t },
          values: { name: 'Run' }, clocks: { name: t },
          append_messages: [{ id: randomUUID(), parentId: null, role: 'user', content: 'hi', status: 'done', createdAt: t }],
        },
      ],
    });
    expect(push.error).toBeNull();
    expect((push.data as PushResponse).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const pull = (await sb.rpc('sync_pull', { since: null, max_rows: 100 })).data as PullResponse;
    expect(pull.prompts).toMatchObject([{ id: promptId, name: 'On PGlite', user_id: userId }]);
    expect(pull.runs).toMatchObject([{ id: runId, message_count: 1 }]);
    expect(pull.messages).toMatchObject([{ run_id: runId, content: 'hi' }]);
  });

  it("keeps users apart: another user's pull is empty and their push to the run is refused", async () => {
    const owner = await signedUp();
    const promptId = randomUUID();
    const runId = randomUUID();
    const t = new Date().toISOString();
    await owner.sb.rpc('sync_push', {
      client_id: randomUUID(),
      changes: [
        { seq: 1, table: 'prompts', id: promptId, insert: { created_at: t }, values: { name: 'Mine' }, clocks: { name: t } },
        { seq: 2, table: 'prompt_runs', id: runId, insert: { prompt_id: promptId, created_at: t }, values: { name: 'Mine' }, clocks: { name: t } },
      ],
    });
    const other = await signedUp();
    const pull = (await other.sb.rpc('sync_pull', { since: null, max_rows: 100 })).data as PullResponse;
    expect([...pull.prompts, ...pull.runs]).toEqual([]);
    const attack = await other.sb.rpc('sync_push', {
      client_id: randomUUID(),
      changes: [{ seq: 1, table: 'prompt_runs', id: runId, values: { name: 'pwned' }, clocks: { name: t } }],
    });
    expect((attack.data as PushResponse).results[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
  });

  it('refuses anonymous calls with 401 42501', async () => {
    const { error, status } = await client().rpc('sync_pull', { since: null, max_rows: 10 });
    expect(status).toBe(401);
    expect(error?.code).toBe('42501');
  });

  it('serves Realtime from PGlite\'s NOTIFY too: a push reaches the same user\'s subscribed device', async () => {
    const { sb, userId } = await signedUp();
    const seen: Array<Record<string, unknown>> = [];
    const ready = new Promise<void>((resolve) => {
      sb.channel(`sync-notices-${userId}`)
        .on('postgres_changes', { event: '*', schema: 'public', table: 'sync_notices', filter: `user_id=eq.${userId}` }, (p) => void seen.push(p.new as Record<string, unknown>))
        .subscribe((status) => status === 'SUBSCRIBED' && resolve());
    });
    await ready;
    const clock = new Date().toISOString();
    const change = { seq: 1, table: 'prompts', id: randomUUID(), insert: { created_at: clock }, values: { name: 'Live on PGlite' }, clocks: { name: clock } };
    let { error } = await sb.rpc('sync_push', { client_id: randomUUID(), changes: [change], protocol: 2 });
    if (error?.code === 'PGRST202') ({ error } = await sb.rpc('sync_push', { client_id: randomUUID(), changes: [change] }));
    expect(error).toBeNull();
    const deadline = Date.now() + 10_000;
    while (!seen.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(seen[0]).toMatchObject({ user_id: userId });
    await sb.removeAllChannels();
  });
});
