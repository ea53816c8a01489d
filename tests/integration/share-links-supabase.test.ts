// Share links over HTTP, with the real supabase-js and the app's own adapters, against the local stand-in:
// the owner's calls (create, list, revoke) through sync/share/fetch-share-api.ts, the reader's plain-fetch
// lookup through src/lib/share/load-shared-run.ts, the gateway's address for rate limits, and 429s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import ws from 'ws';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/server';
import { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { createRun } from '@sync/store/runs';
import { addShareLink, listShareLinks } from '@sync/store/shares';
import { newShareLink } from '@sync/share/new-share-link';
import { flushShareLinks } from '@sync/share/flush-share-links';
import { hashShareToken, newShareToken } from '@sync/share/share-token';
import { makeMessage } from '@sync/test-support';
import { createFetchTransport } from '@sync/engine/fetch-transport';
import { createSyncEngine } from '@sync/engine/sync-engine';
import { manualEnvironment } from '@sync/engine/environment';
import { createFetchShareApi } from '@sync/share/fetch-share-api';
import { loadSharedRun } from '@/lib/share/load-shared-run';
import { messagesOfRun } from '../../sync/run-messages';

let local: LocalSupabase;
let admin: pg.Pool;
const dbs: PromptRunsDB[] = [];

beforeAll(async () => {
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters', jwtExpiry: 900, engine: 'postgresql' });
  const [, host, port] = /-h (\S+) -p (\d+)/.exec(local.database.psql ?? '') ?? [];
  admin = new pg.Pool({ host, port: Number(port), user: 'postgres', database: 'postgres', max: 2 });
}, 120_000);
afterAll(async () => {
  dbs.forEach((db) => db.close());
  await admin?.end();
  await local?.close();
});

const client = (): SupabaseClient =>
  createClient(local.url, local.anonKey, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never } });

/** The reader's fetch: /config.json as `npm start` serves it, everything else to the network. */
const readerFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url === '/config.json') return Response.json({ supabaseUrl: local.url, supabaseAnonKey: local.anonKey });
  return fetch(input, init);
};

/** A signed-in owner with one synced run of two messages. */
async function owner() {
  const sb = client();
  expect((await sb.auth.signUp({ email: `owner-${newId()}@example.test`, password: 'secret-pass-1' })).error).toBeNull();
  const db = new PromptRunsDB(`share-http-${newId()}`);
  dbs.push(db);
  const prompt = await createPrompt(db, { name: 'Planner', user_template: '{{city}}', variables: [{ name: 'city', default_value: '', private: true }] });
  if (!prompt.ok) throw prompt.error;
  const q = makeMessage('x', 'user', 'Plan Lisbon please', null);
  const run = await createRun(db, prompt.value.id, { variable_values: { city: 'Lisbon' }, settings: prompt.value.settings, messages: [q, makeMessage('x', 'assistant', 'Day 1: **Alfama**', q.id)] });
  if (!run.ok) throw run.error;
  const accessToken = async () => (await sb.auth.getSession()).data.session?.access_token ?? null;
  const engine = createSyncEngine({ db, transport: createFetchTransport({ supabaseUrl: local.url, anonKey: local.anonKey, accessToken }), environment: manualEnvironment(true), watchDatabase: false });
  return { sb, db, engine, run: run.value, api: createFetchShareApi({ supabaseUrl: local.url, anonKey: local.anonKey, accessToken }) };
}

describe('share links through supabase-js and the stand-in', () => {
  it('a link made before the run synced waits, then opens for an anonymous reader, who never sees the private value', async () => {
    const me = await owner();
    const { run, messages } = { run: me.run, messages: await messagesOfRun(me.db.messages, me.run.id).toArray() };
    const link = newShareLink({ run, messages, promptName: 'Planner', modelName: 'Echo (offline)', mode: 'snapshot', expiresInDays: 7, hiddenVariables: [] });
    await addShareLink(me.db, link);
    expect(await flushShareLinks(me.db, me.api)).toEqual({ sent: 0, waiting: 1, stoppedBy: null });
    expect(await me.engine.syncNow()).toMatchObject({ ok: true });
    expect(await flushShareLinks(me.db, me.api)).toEqual({ sent: 1, waiting: 0, stoppedBy: null });

    const loaded = await loadSharedRun(link.token!, readerFetch);
    expect(loaded).toMatchObject({ kind: 'ok', from: 'server', view: { run_name: 'Plan [private: city] please', prompt_name: 'Planner', mode: 'snapshot', variables: [] } });
    if (loaded.kind !== 'ok') throw new Error('not loaded');
    expect(loaded.view.messages.map((m) => m.content)).toEqual(['Plan [private: city] please', 'Day 1: **Alfama**']);
    expect(JSON.stringify(loaded.view)).not.toContain('Lisbon');

    // The anon client of supabase-js gets the same; it may call nothing else of sharing.
    const anon = client();
    expect((await anon.rpc('get_shared_run', { token: link.token })).data).toMatchObject({ status: 'ok' });
    expect((await anon.rpc('list_run_shares')).error).toMatchObject({ code: '42501' });
    expect((await anon.rpc('create_run_share', { share_id: newId(), run_id: run.id, token_hash: await hashShareToken(newShareToken()), mode: 'live' })).status).toBe(401);
  });

  it('lists the owner\'s links (another owner sees none), revokes one, and the reader is told it is gone', async () => {
    const me = await owner();
    expect(await me.engine.syncNow()).toMatchObject({ ok: true });
    const messages = await messagesOfRun(me.db.messages, me.run.id).toArray();
    const link = newShareLink({ run: me.run, messages, promptName: 'Planner', modelName: 'Echo', mode: 'live', expiresInDays: null, hiddenVariables: [] });
    await addShareLink(me.db, link);
    await flushShareLinks(me.db, me.api);
    const listed = await me.api.list();
    expect(listed).toMatchObject({ ok: true, value: [{ id: link.id, runId: me.run.id, mode: 'live', revokedAt: null }] });
    expect(await (await owner()).api.list()).toEqual({ ok: true, value: [] });
    expect(await (await owner()).api.revoke(link.id)).toEqual({ ok: true, value: false });

    expect((await loadSharedRun(link.token!, readerFetch)).kind).toBe('ok');
    expect(await me.api.revoke(link.id)).toEqual({ ok: true, value: true });
    expect(await loadSharedRun(link.token!, readerFetch)).toEqual({ kind: 'unavailable' });
    await flushShareLinks(me.db, me.api);
    expect((await listShareLinks(me.db, me.run.id))[0]).toMatchObject({ state: 'synced' });
  });

  it('rate limits by the address the gateway saw, not one the caller claims, and the reader says so', async () => {
    await admin.query('delete from share_internal.lookup_counts'); // the lookups of the tests above came from this address too
    await admin.query('update share_internal.limits set lookups_per_minute = 3');
    try {
      const anon = client();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        // A caller claiming a new address each time is still counted as the one it calls from.
        const { status } = await anon.rpc('get_shared_run', { token: newShareToken() })
          .setHeader('x-real-ip', `192.0.2.${i}`).setHeader('cf-connecting-ip', `192.0.2.${i}`);
        statuses.push(status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(await loadSharedRun(newShareToken(), readerFetch)).toEqual({ kind: 'rate_limited' });
    } finally {
      await admin.query('update share_internal.limits set lookups_per_minute = 120');
      await admin.query('delete from share_internal.lookup_counts');
    }
  });
});
