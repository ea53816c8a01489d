// The app's Realtime hint (src/lib/supabase/remote-changes.ts) against the local stand-in, with the real
// supabase-js client: another device's push reaches this one at once, and every (re)join asks for a pull,
// so a change made while the socket was down, or after the server ended the channel, is not missed.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { signAccessToken } from '../../supabase/local/jwt';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/server';
import { watchSyncNotices } from '../../src/lib/supabase/remote-changes';
import { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { transportFor } from '../support/supabase-sync-transport';
import { createSyncEngine } from '@sync/engine/sync-engine';
import { manualEnvironment } from '@sync/engine/environment';

let local: LocalSupabase;
beforeAll(async () => {
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters', rateLimits: { signInSignUps: 0, tokenRefresh: 0 } });
});
afterAll(() => local?.close());

const device = (): SupabaseClient =>
  createClient(local.url, local.anonKey, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never } });

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let seq = 0;
async function push(sb: SupabaseClient, clientId: string): Promise<void> {
  const clock = new Date().toISOString();
  seq += 1;
  const change = { seq, table: 'prompts', id: randomUUID(), insert: { created_at: clock }, values: { name: 'From the other device' }, clocks: { name: clock } };
  let { error } = await sb.rpc('sync_push', { client_id: clientId, changes: [change], protocol: 2 });
  if (error?.code === 'PGRST202') ({ error } = await sb.rpc('sync_push', { client_id: clientId, changes: [change] }));
  expect(error).toBeNull();
}

describe('Realtime hint', () => {
  it('hears another device at once, and asks for a pull after every rejoin', async () => {
    const email = `hint-${randomUUID()}@example.test`;
    const phone = device();
    const laptop = device();
    const { data } = await phone.auth.signUp({ email, password: 'secret-pass-1' });
    await laptop.auth.signInWithPassword({ email, password: 'secret-pass-1' });
    const userId = data.user!.id;
    let hints = 0;
    const stop = watchSyncNotices(phone, userId, () => void (hints += 1));
    try {
      await until(() => hints === 1, 5_000); // the join itself: pull once
      const started = Date.now();
      await push(laptop, randomUUID());
      await until(() => hints === 2, 2_000);
      expect(Date.now() - started).toBeLessThan(1_000);

      // The server drops the socket; the laptop pushes meanwhile; the rejoin asks for a pull.
      local.dropRealtimeConnections();
      await push(laptop, randomUUID());
      await until(() => hints >= 3, 8_000);

      // The server ends the channel (its token ran out); the hint joins again and asks for a pull.
      const now = Math.floor(Date.now() / 1000);
      await phone.realtime.setAuth(await signAccessToken(local.jwtSecret, { sub: userId, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + 1 }));
      const before = hints;
      await new Promise((r) => setTimeout(r, 1_500));
      await phone.realtime.setAuth((await phone.auth.getSession()).data.session!.access_token);
      await until(() => hints > before, 10_000);
      const after = hints;
      await push(laptop, randomUUID());
      await until(() => hints > after, 2_000);
    } finally {
      stop();
      await phone.removeAllChannels();
      await laptop.removeAllChannels();
    }
  });

  it('with the real engine and no timer poll: the other device holds the change in a second, and one made while its socket was down after the rejoin', async () => {
    const email = `hint-engine-${randomUUID()}@example.test`;
    const engineFor = async (signUp: boolean) => {
      const sb = device();
      const creds = { email, password: 'secret-pass-1' };
      const { error } = signUp ? await sb.auth.signUp(creds) : await sb.auth.signInWithPassword(creds);
      expect(error).toBeNull();
      const db = new PromptRunsDB(`realtime-hint-${newId()}`);
      // The timer poll is ten minutes off: only the Realtime hint makes this device pull.
      const engine = createSyncEngine({
        db, transport: transportFor(sb, local, { timeoutMs: 15_000 }), auth: { refresh: async () => !(await sb.auth.refreshSession()).error },
        environment: manualEnvironment(true), watchDatabase: false, pollIntervalMs: 600_000,
      });
      return { sb, db, engine, userId: (await sb.auth.getUser()).data.user!.id };
    };
    const a = await engineFor(true);
    const b = await engineFor(false);
    b.engine.start();
    const stop = watchSyncNotices(b.sb, b.userId, () => b.engine.notifyRemoteChange());
    try {
      await new Promise((r) => setTimeout(r, 1_000)); // joined, and the start-up pull done
      const first = await createPrompt(a.db, { name: 'Heard at once', user_template: 'x' });
      if (!first.ok) throw first.error;
      const started = Date.now();
      expect(await a.engine.syncNow()).toMatchObject({ ok: true });
      const deadline = Date.now() + 3_000;
      while (!(await b.db.prompts.get(first.value.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await b.db.prompts.get(first.value.id)).toMatchObject({ name: 'Heard at once' });
      expect(Date.now() - started).toBeLessThan(2_000);

      local.dropRealtimeConnections();
      const second = await createPrompt(a.db, { name: 'Made while the socket was down', user_template: 'x' });
      if (!second.ok) throw second.error;
      expect(await a.engine.syncNow()).toMatchObject({ ok: true });
      const later = Date.now() + 10_000;
      while (!(await b.db.prompts.get(second.value.id)) && Date.now() < later) await new Promise((r) => setTimeout(r, 50));
      expect(await b.db.prompts.get(second.value.id)).toMatchObject({ name: 'Made while the socket was down' });
    } finally {
      stop();
      b.engine.stop();
      await a.sb.removeAllChannels();
      await b.sb.removeAllChannels();
      a.db.close();
      b.db.close();
    }
  });
});
