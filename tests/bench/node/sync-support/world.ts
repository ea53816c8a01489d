// The sync benches' world: the local Supabase stand-in (a throwaway PostgreSQL), devices made of the
// real supabase-js client + transport + engine over fake-indexeddb, a fetch that counts sync_push
// request bytes, a direct pg connection for baselines, and deterministic conversation text.
// Lives in a folder so run-bench.ts does not take it for a bench (it imports every node/*.ts).
import 'fake-indexeddb/auto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import ws from 'ws';
import { startLocalSupabase, type LocalSupabase } from '../../../../supabase/local/server';
import { PromptRunsDB } from '../../../../sync/db';
import { newId } from '../../../../sync/clock';
import type { Message } from '../../../../sync/model';
import { transportFor } from '../../../support/supabase-sync-transport';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../../../sync/engine/sync-engine';
import { manualEnvironment } from '../../../../sync/engine/environment';
import type { SyncTransport } from '../../../../sync/engine/transport';

export interface PushCounter {
  calls: number;
  bytes: number;
}

export interface Device {
  db: PromptRunsDB;
  sb: SupabaseClient;
  transport: SyncTransport;
  userId: string;
  push: PushCounter;
  /** A new engine on this device's database (the caller stops it). */
  engine(extra?: Partial<SyncEngineOptions>): SyncEngine;
}

function bodyBytes(body: unknown): number {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return Number.NaN; // an unexpected body type must show up in the figure, not count as 0
}

/** supabase-js's fetch, counting the request body bytes of every sync_push RPC. */
function countingFetch(counter: PushCounter): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes('/rest/v1/rpc/sync_push')) {
      counter.calls += 1;
      counter.bytes += bodyBytes(init?.body);
    }
    return fetch(input, init);
  };
}

export interface World {
  local: LocalSupabase;
  sql: pg.Client;
  device(email: string, signUp: boolean): Promise<Device>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const local = await startLocalSupabase({ port: 0, jwtSecret: 'a-bench-secret-that-is-at-least-32-characters' });
  const dbs: PromptRunsDB[] = [];
  let sql: pg.Client;
  try {
    // `psql -h <socket dir> -p <port> -U postgres`: the same cluster, as its owner, for baselines.
    const m = /-h (\S+) -p (\d+)/.exec(local.database.psql ?? '');
    if (!m) throw new Error('The sync bench needs the PostgreSQL engine of the stand-in (PostgreSQL 15 binaries).');
    sql = new pg.Client({ host: m[1], port: Number(m[2]), user: 'postgres', database: 'postgres' });
    await sql.connect();
  } catch (error) {
    await local.close();
    throw error;
  }
  const client = sql;
  return {
    local,
    sql: client,
    async device(email, signUp) {
      const push: PushCounter = { calls: 0, bytes: 0 };
      const sb = createClient(local.url, local.anonKey, {
        global: { fetch: countingFetch(push) },
        auth: { persistSession: false, autoRefreshToken: false },
        realtime: { transport: ws as never }, // Node 20 has no WebSocket; Realtime is never opened
      });
      const creds = { email, password: 'secret-pass-1' };
      const { data, error } = signUp ? await sb.auth.signUp(creds) : await sb.auth.signInWithPassword(creds);
      if (error || !data.user) throw new Error(`Could not sign in ${email}: ${error?.message ?? 'no user'}`);
      const db = new PromptRunsDB(`sync-bench-${newId()}`);
      dbs.push(db);
      const transport = transportFor(sb, local, { timeoutMs: 60_000 });
      const engine = (extra: Partial<SyncEngineOptions> = {}) => createSyncEngine({
        db, transport, environment: manualEnvironment(true), watchDatabase: false,
        auth: { refresh: async () => !(await sb.auth.refreshSession()).error },
        ...extra,
      });
      return { db, sb, transport, userId: data.user.id, push, engine };
    },
    async close() {
      for (const db of dbs) {
        db.close();
        await db.delete().catch(() => undefined);
      }
      await client.end().catch(() => undefined);
      await local.close();
    },
  };
}

/** Deterministic pseudo-random numbers (mulberry32): every bench run sees the same text. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'the model answers a prompt with some text about data sync offline queue cursor batch run message reply token page'.split(' ');

export function text(random: () => number, minChars: number, maxChars: number): string {
  const target = minChars + Math.floor(random() * (maxChars - minChars));
  const out: string[] = [];
  let length = 0;
  while (length < target) {
    const word = WORDS[Math.floor(random() * WORDS.length)]!;
    out.push(word);
    length += word.length + 1;
  }
  return out.join(' ');
}

let clockMs = Date.parse('2026-11-01T00:00:00.000Z');

/** A completed message; user turns ~100–400 chars, replies ~400–1,600 (a typical chat exchange). */
export function message(random: () => number, role: 'user' | 'assistant', parentId: string | null): Message {
  clockMs += 1_000;
  const content = role === 'user' ? text(random, 100, 400) : text(random, 400, 1_600);
  return { id: newId(), runId: 'x', parentId, role, content, status: 'done', createdAt: new Date(clockMs).toISOString() };
}

/** A linear conversation of `count` messages (user, assistant, …). */
export function conversation(random: () => number, count: number, parentId: string | null = null): Message[] {
  const out: Message[] = [];
  for (let i = 0; i < count; i += 1) out.push(message(random, i % 2 === 0 ? 'user' : 'assistant', out[i - 1]?.id ?? parentId));
  return out;
}
