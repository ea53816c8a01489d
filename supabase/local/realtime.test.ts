// Realtime in the stand-in, through the real supabase-js client (realtime-js 2.109 over `ws`): the app's
// channel on public.sync_notices filtered by user, RLS-equivalent delivery, tokens, and reconnection.
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ws, { WebSocket } from 'ws';
import { signAccessToken } from './jwt';
import { startLocalSupabase, type LocalSupabase } from './server';

let local: LocalSupabase;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-realtime-secret-that-is-at-least-32-chars', rateLimits: { signInSignUps: 0, tokenRefresh: 0 } });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((sb) => sb.removeAllChannels()));
});
afterAll(() => local?.close());

function client(): SupabaseClient {
  const sb = createClient(local.url, local.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as never },
  });
  clients.push(sb);
  return sb;
}

async function signedUp(): Promise<{ sb: SupabaseClient; userId: string }> {
  const sb = client();
  const { data, error } = await sb.auth.signUp({ email: `rt-${randomUUID()}@example.test`, password: 'secret-pass-1' });
  expect(error).toBeNull();
  return { sb, userId: data.user!.id };
}

let seq = 0;

/** What the app does: one device pushes a prompt, which touches its sync_notices row. */
async function push(sb: SupabaseClient, deviceId: string = randomUUID()): Promise<string> {
  const clock = new Date().toISOString();
  seq += 1;
  const { error } = await sb.rpc('sync_push', {
    client_id: deviceId,
    changes: [{ seq, table: 'prompts', id: randomUUID(), insert: { created_at: clock }, values: { name: 'Live' }, clocks: { name: clock } }],
    protocol: 2,
  });
  if (error?.code === 'PGRST202') {
    // A server without the protocol argument yet.
    const again = await sb.rpc('sync_push', { client_id: deviceId, changes: [{ seq, table: 'prompts', id: randomUUID(), insert: { created_at: clock }, values: { name: 'Live' }, clocks: { name: clock } }] });
    expect(again.error).toBeNull();
  } else {
    expect(error).toBeNull();
  }
  return deviceId;
}

interface Watch {
  channel: RealtimeChannel;
  changes: Array<{ eventType: string; new: Record<string, unknown> }>;
  statuses: string[];
  system: Array<{ status: string; message: string; extension: string }>;
  errors: string[];
}

function watch(sb: SupabaseClient, filterUserId: string, name = `sync-notices-${filterUserId}`): Watch {
  const w: Watch = { channel: null as never, changes: [], statuses: [], system: [], errors: [] };
  w.channel = sb
    .channel(name)
    .on('postgres_changes', { event: '*', schema: 'public', table: 'sync_notices', filter: `user_id=eq.${filterUserId}` }, (p) => {
      w.changes.push({ eventType: p.eventType, new: p.new as Record<string, unknown> });
    })
    .on('system', {}, (p: { status: string; message: string; extension: string }) => void w.system.push(p))
    .subscribe((status, err) => {
      w.statuses.push(status);
      if (err) w.errors.push(err.message);
    });
  return w;
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const subscribed = (w: Watch) => until(() => w.system.some((s) => s.message === 'Subscribed to PostgreSQL'));

describe('Realtime (postgres_changes on sync_notices)', () => {
  it('joins with the access token and delivers the user\'s own notices, within a fraction of a second', async () => {
    const { sb, userId } = await signedUp();
    const w = watch(sb, userId);
    await subscribed(w);
    expect(w.statuses).toContain('SUBSCRIBED');
    expect(w.system[0]).toMatchObject({ status: 'ok', extension: 'postgres_changes', message: 'Subscribed to PostgreSQL' });

    const started = Date.now();
    const device = await push(sb);
    await until(() => w.changes.length === 1);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(w.changes[0]).toMatchObject({ eventType: 'INSERT', new: { user_id: userId, client_id: device } });
    await push(sb, device);
    await until(() => w.changes.length === 2);
    expect(w.changes[1]).toMatchObject({ eventType: 'UPDATE', new: { user_id: userId, client_id: device } });
  });

  it('never delivers another user\'s notices, even to a filter that names them', async () => {
    const alice = await signedUp();
    const bob = await signedUp();
    const own = watch(alice.sb, alice.userId);
    const spy = watch(bob.sb, alice.userId, 'spy');
    const bobs = watch(bob.sb, bob.userId);
    await Promise.all([subscribed(own), subscribed(spy), subscribed(bobs)]);

    await push(alice.sb);
    await until(() => own.changes.length === 1);
    await push(bob.sb);
    await until(() => bobs.changes.length === 1);
    // Alice's change reached Alice before Bob's own change reached Bob; the spy got neither.
    await new Promise((r) => setTimeout(r, 300));
    expect(spy.changes).toEqual([]);
    expect(bobs.changes.every((c) => c.new['user_id'] === bob.userId)).toBe(true);
    expect(own.changes.every((c) => c.new['user_id'] === alice.userId)).toBe(true);
  });

  it('refuses an expired or forged token as Realtime does, and the anon key sees nothing', async () => {
    const { sb, userId } = await signedUp();
    const now = Math.floor(Date.now() / 1000);
    const expired = await signAccessToken(local.jwtSecret, { sub: userId, role: 'authenticated', aud: 'authenticated', iat: now - 7200, exp: now - 3600 });
    await sb.realtime.setAuth(expired);
    const stale = watch(sb, userId, 'stale');
    await until(() => stale.statuses.includes('CHANNEL_ERROR'));
    expect(stale.errors.join()).toMatch(/Token has expired \d+ seconds ago/);

    const forged = await signAccessToken('not-the-secret-not-the-secret-not-the-secret', { sub: userId, role: 'authenticated', exp: now + 3600 });
    const other = client();
    await other.realtime.setAuth(forged);
    const fake = watch(other, userId, 'forged');
    await until(() => fake.statuses.includes('CHANNEL_ERROR'));
    expect(fake.errors.join()).toContain('Invalid JWT Token');

    const anonymous = watch(client(), userId, 'anon');
    await subscribed(anonymous);
    const owner = await signedUp();
    const ownerWatch = watch(owner.sb, owner.userId);
    await subscribed(ownerWatch);
    await push(owner.sb);
    await until(() => ownerWatch.changes.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(anonymous.changes).toEqual([]);
  });

  it('takes a new access token on the joined channel, and shuts the channel when the token runs out', async () => {
    const { sb, userId } = await signedUp();
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await signAccessToken(local.jwtSecret, { sub: userId, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + 4 });
    await sb.realtime.setAuth(shortLived);
    const w = watch(sb, userId);
    await subscribed(w);
    // A refreshed token before expiry keeps the channel open past the first token's end.
    const session = (await sb.auth.refreshSession()).data.session!;
    await sb.realtime.setAuth(session.access_token);
    await new Promise((r) => setTimeout(r, Math.max(0, (now + 4) * 1000 - Date.now()) + 600));
    expect(w.system.filter((s) => s.status === 'error')).toEqual([]);
    await push(sb);
    await until(() => w.changes.length === 1);

    // Without a new token the server ends the channel at expiry, as Realtime's periodic check does.
    const other = await signedUp();
    const t = Math.floor(Date.now() / 1000);
    await other.sb.realtime.setAuth(await signAccessToken(local.jwtSecret, { sub: other.userId, role: 'authenticated', aud: 'authenticated', iat: t, exp: t + 3 }));
    const ending = watch(other.sb, other.userId);
    await subscribed(ending);
    await until(() => ending.system.some((s) => s.status === 'error'), 6_000);
    expect(ending.system.find((s) => s.status === 'error')).toMatchObject({ extension: 'system', message: expect.stringMatching(/^Token has expired/) });
    await until(() => ending.statuses.includes('CLOSED'));
  });

  it('comes back after the server drops the socket: the client reconnects with backoff and rejoins', async () => {
    const { sb, userId } = await signedUp();
    const w = watch(sb, userId);
    await subscribed(w);
    const joinsBefore = w.statuses.filter((s) => s === 'SUBSCRIBED').length;
    expect(local.dropRealtimeConnections()).toBeGreaterThan(0);
    // realtime-js reconnects after 1 s, then rejoins its channels.
    await until(() => w.statuses.filter((s) => s === 'SUBSCRIBED').length > joinsBefore, 8_000);
    await push(sb);
    await until(() => w.changes.length === 1);
  });

  it('answers heartbeats, speaks the 1.0.0 serializer too, and refuses a socket without a valid API key', async () => {
    const base = local.url.replace(/^http/, 'ws');
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${base}/realtime/v1/websocket?apikey=nope&vsn=1.0.0`);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(refused).toBe(403);

    const socket = new WebSocket(`${base}/realtime/v1/websocket?apikey=${local.anonKey}&vsn=1.0.0`);
    const replies: unknown[] = [];
    socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
    await new Promise((r) => socket.on('open', r));
    socket.send(JSON.stringify({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '1' }));
    socket.send(JSON.stringify({ topic: 'realtime:nobody', event: 'phx_leave', payload: {}, ref: '2' }));
    await until(() => replies.length === 2);
    socket.close();
    expect(replies).toEqual([
      { join_ref: null, ref: '1', topic: 'phoenix', event: 'phx_reply', payload: { status: 'ok', response: {} } },
      { join_ref: null, ref: '2', topic: 'realtime:nobody', event: 'phx_reply', payload: { status: 'error', response: { reason: 'unmatched topic' } } },
    ]);
  });
});
