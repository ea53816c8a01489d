// The sync RPCs over HTTP, through the local stand-in and the real supabase-js client, as the app calls
// them: the protocol version (named arguments with defaults, 426 outside the server's range), the body
// taken whole by sync_push (a NUL or lone surrogate rejects its change alone), and the whole-call limits
// answered 413.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/server';
import type { PullResponse, PushResponse } from '../../sync/protocol';
import { at, editRun, message, newPrompt, newRun } from './support/test-db';

let local: LocalSupabase;
let sql: pg.Pool;

beforeAll(async () => {
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters', engine: 'postgresql' });
  const [, host, port] = /-h (\S+) -p (\d+)/.exec(local.database.psql ?? '') ?? [];
  sql = new pg.Pool({ host, port: Number(port), user: 'postgres', database: 'postgres', max: 1 });
});
afterAll(async () => {
  await sql?.end();
  await local?.close();
});

async function signedIn(): Promise<SupabaseClient> {
  const sb = createClient(local.url, local.anonKey, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never } });
  const { error } = await sb.auth.signUp({ email: `p-${randomUUID()}@example.test`, password: 'secret-pass-1' });
  expect(error).toBeNull();
  return sb;
}

describe('protocol version', () => {
  it('passes named arguments with defaults and answers an unspoken version with 426', async () => {
    const sb = await signedIn();
    const old = await sb.rpc('sync_pull', { since: null, max_rows: 5 });
    expect(old.error).toBeNull();
    expect((old.data as PullResponse).protocol).toBe(1);
    const oldPush = await sb.rpc('sync_push', { client_id: randomUUID(), changes: [] });
    expect((oldPush.data as PushResponse).protocol).toBe(1);
    const current = await sb.rpc('sync_push', { client_id: randomUUID(), changes: [], protocol: 2 });
    expect((current.data as PushResponse).protocol).toBe(2);
    const future = await sb.rpc('sync_push', { client_id: randomUUID(), changes: [], protocol: 9 });
    expect(future.status).toBe(426);
    expect(future.error).toMatchObject({ code: 'PT426', message: expect.stringMatching(/^protocol_unsupported: /) });
    expect(JSON.parse(future.error!.details)).toEqual({ min: 1, max: 3 });
  });

  it('answers 426 to a current app when the server has moved on', async () => {
    const sb = await signedIn();
    await sql.query('update sync_internal.server set min_protocol = 4, max_protocol = 4');
    try {
      for (const res of [await sb.rpc('sync_pull', { since: null, max_rows: 5, protocol: 3 }),
        await sb.rpc('sync_push', { client_id: randomUUID(), changes: [], protocol: 3 })]) {
        expect(res.status).toBe(426);
        expect(JSON.parse(res.error!.details)).toEqual({ min: 4, max: 4 });
      }
    } finally {
      await sql.query('update sync_internal.server set min_protocol = 1, max_protocol = 3');
    }
  });
});

describe('sync_push over HTTP', () => {
  it('rejects only the change holding a NUL or a lone surrogate; the others apply', async () => {
    const sb = await signedIn();
    const promptId = randomUUID();
    const runId = randomUUID();
    const res = await sb.rpc('sync_push', {
      client_id: randomUUID(),
      protocol: 2,
      changes: [
        newPrompt(1, promptId),
        newRun(2, runId, promptId),
        { ...editRun(3, runId, {}, at(3)), append_messages: [message(randomUUID(), null, 'a NUL \u0000 here', at(3))] },
        editRun(4, runId, { name: 'lone \udfff' }, at(4)),
        { ...editRun(5, runId, {}, at(5)), append_messages: [message(randomUUID(), null, 'fine \ud83d\ude00', at(5))] },
      ],
    });
    expect(res.error).toBeNull();
    expect((res.data as PushResponse).results.map((r) => ('code' in r ? r.code : r.status)))
      .toEqual(['applied', 'applied', 'invalid_text', 'invalid_text', 'applied']);
    const pull = (await sb.rpc('sync_pull', { since: null, max_rows: 100, protocol: 2 })).data as PullResponse;
    expect(pull.messages.map((m) => m.content)).toEqual(['fine \ud83d\ude00']);
  });

  it('answers 413 to a call over 500 changes', async () => {
    const sb = await signedIn();
    const changes = Array.from({ length: 501 }, (_, i) => newPrompt(i + 1, randomUUID()));
    const res = await sb.rpc('sync_push', { client_id: randomUUID(), protocol: 2, changes });
    expect(res.status).toBe(413);
    expect(res.error).toMatchObject({ code: 'PT413', message: expect.stringMatching(/^batch_too_large: /) });
  });
});
