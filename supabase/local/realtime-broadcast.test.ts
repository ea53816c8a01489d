// Broadcast in the stand-in's Realtime, through the real supabase-js (realtime-js 2.109 over `ws`, both
// serializers): the app's private run channels ('run-stream:<run id>'), authorised by the RLS policies of
// realtime.messages (migration 20261205610000): the run's owner joins and sends from any device; another
// user can neither join nor send nor hear it on a public channel of the same name; nothing is stored.
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import pg from 'pg';
import { startLocalSupabase, type LocalSupabase } from './server';

let local: LocalSupabase;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-broadcast-secret-that-is-at-least-32-chars', rateLimits: { signInSignUps: 0, tokenRefresh: 0 }, engine: 'postgresql' });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((sb) => sb.removeAllChannels()));
});
afterAll(() => local?.close());

function client(vsn: '1.0.0' | '2.0.0' = '2.0.0'): SupabaseClient {
  const sb = createClient(local.url, local.anonKey, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never, vsn } });
  clients.push(sb);
  return sb;
}

async function signIn(sb: SupabaseClient, email: string, signUp: boolean): Promise<void> {
  const { error } = signUp ? await sb.auth.signUp({ email, password: 'secret-pass-1' }) : await sb.auth.signInWithPassword({ email, password: 'secret-pass-1' });
  expect(error).toBeNull();
  // supabase-js hands the session's token to Realtime on sign-in; make sure it is there before joining.
  await sb.realtime.setAuth((await sb.auth.getSession()).data.session!.access_token);
}

/** A run of the signed-in user on the server (pushed as the app does). */
async function runOf(sb: SupabaseClient): Promise<string> {
  const clock = new Date().toISOString();
  const promptId = randomUUID();
  const runId = randomUUID();
  const { data, error } = await sb.rpc('sync_push', {
    client_id: randomUUID(),
    protocol: 2,
    changes: [
      { seq: 1, table: 'prompts', id: promptId, insert: { created_at: clock }, values: { name: 'Live' }, clocks: { name: clock } },
      { seq: 2, table: 'prompt_runs', id: runId, insert: { prompt_id: promptId, created_at: clock }, values: { name: 'Run' }, clocks: { name: clock } },
    ],
  });
  expect(error).toBeNull();
  expect((data as { results: Array<{ status: string }> }).results.map((r) => r.status)).toEqual(['applied', 'applied']);
  return runId;
}

interface Joined {
  channel: RealtimeChannel;
  received: unknown[];
  status: string;
  error: string | null;
}

function join(sb: SupabaseClient, topic: string, isPrivate = true, self = false): Promise<Joined> {
  return new Promise((resolve) => {
    const joined: Joined = { channel: sb.channel(topic, { config: { private: isPrivate, broadcast: { self, ack: false } } }), received: [], status: '', error: null };
    joined.channel
      .on('broadcast', { event: 'reply' }, (message: { payload: unknown }) => void joined.received.push(message.payload))
      .subscribe((status, error) => {
        joined.status = status;
        joined.error = error?.message ?? null;
        if (status === 'SUBSCRIBED' || status === 'CHANNEL_ERROR') resolve(joined);
      });
  });
}

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

async function messagesStored(): Promise<number> {
  const [, host, port] = /-h (\S+) -p (\d+)/.exec(local.database.psql ?? '') ?? [];
  const admin = new pg.Client({ host, port: Number(port), user: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    return (await admin.query<{ n: number }>('select count(*)::int as n from realtime.messages')).rows[0]!.n;
  } finally {
    await admin.end();
  }
}

describe('Broadcast on private run channels', () => {
  for (const vsn of ['2.0.0', '1.0.0'] as const) {
    it(`reaches the owner's other device and not the sender (serializer ${vsn}), and stores nothing`, async () => {
      const email = `owner-${randomUUID()}@example.test`;
      const phone = client(vsn);
      await signIn(phone, email, true);
      const laptop = client(vsn);
      await signIn(laptop, email, false);
      const topic = `run-stream:${await runOf(phone)}`;
      const sender = await join(phone, topic);
      const receiver = await join(laptop, topic);
      expect([sender.status, receiver.status]).toEqual(['SUBSCRIBED', 'SUBSCRIBED']);

      const frame = { v: 1, reply: { id: randomUUID(), text: 'Hello, wo' } };
      expect(await sender.channel.send({ type: 'broadcast', event: 'reply', payload: frame })).toBe('ok');
      await expect.poll(() => receiver.received).toEqual([frame]);
      expect(sender.received).toEqual([]);
      expect(await messagesStored()).toBe(0);
    });
  }

  it('with broadcast.self the sender hears itself too; ack waits for the server', async () => {
    const sb = client();
    await signIn(sb, `self-${randomUUID()}@example.test`, true);
    const topic = `run-stream:${await runOf(sb)}`;
    const channel = sb.channel(topic, { config: { private: true, broadcast: { self: true, ack: true } } });
    const heard: unknown[] = [];
    await new Promise<void>((resolve) => channel.on('broadcast', { event: 'reply' }, (m: { payload: unknown }) => void heard.push(m.payload)).subscribe((s) => s === 'SUBSCRIBED' && resolve()));
    expect(await channel.send({ type: 'broadcast', event: 'reply', payload: { n: 1 } })).toBe('ok');
    await expect.poll(() => heard).toEqual([{ n: 1 }]);
  });

  it("another user can neither join the run's channel, nor send on it, nor hear it on a public channel of the same name", async () => {
    const owner = client();
    await signIn(owner, `alice-${randomUUID()}@example.test`, true);
    const topic = `run-stream:${await runOf(owner)}`;
    const ownerChannel = await join(owner, topic);

    const mallory = client();
    await signIn(mallory, `mallory-${randomUUID()}@example.test`, true);
    const refused = await join(mallory, topic);
    expect(refused.status).toBe('CHANNEL_ERROR');
    expect(refused.error).toContain(`Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`);
    void mallory.removeChannel(refused.channel);

    // A public channel of the same name is another channel: it neither hears the private one nor reaches it.
    const eavesdrop = await join(mallory, topic, false);
    expect(eavesdrop.status).toBe('SUBSCRIBED');
    await ownerChannel.channel.send({ type: 'broadcast', event: 'reply', payload: { secret: 'partial text' } });
    await eavesdrop.channel.send({ type: 'broadcast', event: 'reply', payload: { spoof: true } });
    await settle();
    expect(eavesdrop.received).toEqual([]);
    expect(ownerChannel.received).toEqual([]);

    // Anonymous callers, and malformed or unknown run topics, are refused as well.
    const anon = client();
    expect((await join(anon, topic)).status).toBe('CHANNEL_ERROR');
    expect((await join(owner, 'run-stream:not-a-run')).status).toBe('CHANNEL_ERROR');
    expect((await join(owner, `run-stream:${randomUUID()}`)).status).toBe('CHANNEL_ERROR');
  });

  it("sending is checked against the policies too: a device that joined before the run was deleted forever is not relayed", async () => {
    const email = `purge-${randomUUID()}@example.test`;
    const phone = client();
    await signIn(phone, email, true);
    const laptop = client();
    await signIn(laptop, email, false);
    const runId = await runOf(phone);
    const sender = await join(phone, `run-stream:${runId}`);
    const receiver = await join(laptop, `run-stream:${runId}`);
    // The other way round first, while the run exists: the channel works.
    await receiver.channel.send({ type: 'broadcast', event: 'reply', payload: { control: true } });
    await expect.poll(() => sender.received).toEqual([{ control: true }]);
    const clock = new Date().toISOString();
    const { data, error } = await phone.rpc('sync_push', { client_id: randomUUID(), protocol: 2, changes: [{ seq: 1, table: 'prompt_runs', id: runId, values: { status: 'deleted' }, clocks: { status: clock }, purge: true }] });
    expect(error).toBeNull();
    expect(data).toMatchObject({ results: [{ status: 'applied' }] });
    // The phone joined while it could; its first send is checked now, and refused.
    await sender.channel.send({ type: 'broadcast', event: 'reply', payload: { after: 'purge' } });
    await settle();
    expect(receiver.received).toEqual([]);
  });
});
