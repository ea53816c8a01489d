// Integration tests' devices on the local stand-in: one stand-in per test file (started before its tests,
// closed after them), and devices that each sign up an account and sync a database of their own through
// the app's engine and supabase-js, as the app does.
import { afterAll, beforeAll, expect } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { startLocalSupabase, type LocalSupabase, type LocalSupabaseOptions } from '../../supabase/local/server';
import { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '@sync/engine/sync-engine';
import { manualEnvironment } from '@sync/engine/environment';
import { transportFor } from './supabase-sync-transport';

export interface Device {
  db: PromptRunsDB;
  engine: SyncEngine;
  sb: SupabaseClient;
  userId: string;
}

export interface StandIn {
  /** The running stand-in (from the first test on). */
  readonly local: LocalSupabase;
  /** A new account (signed up with `email`) on a new device; `engine` adds to the engine's options. */
  device(email: string, engine?: Partial<SyncEngineOptions>): Promise<Device>;
}

export function standInDevices(options: LocalSupabaseOptions = {}): StandIn {
  let local: LocalSupabase | undefined;
  const open: PromptRunsDB[] = [];
  beforeAll(async () => {
    local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters', jwtExpiry: 900, ...options });
  }, 120_000);
  afterAll(async () => {
    open.forEach((db) => db.close());
    await local?.close();
  });
  const running = () => {
    if (!local) throw new Error('the stand-in starts before the first test');
    return local;
  };
  return {
    get local() {
      return running();
    },
    async device(email, engine = {}) {
      const sb = createClient(running().url, running().anonKey, {
        auth: { persistSession: false, autoRefreshToken: false },
        realtime: { transport: ws as never },
      });
      const { data, error } = await sb.auth.signUp({ email, password: 'secret-pass-1' });
      expect(error).toBeNull();
      const db = new PromptRunsDB(`stand-in-device-${newId()}`);
      open.push(db);
      return {
        db,
        engine: createSyncEngine({
          db,
          transport: transportFor(sb, running(), { timeoutMs: 15_000 }),
          auth: { refresh: async () => !(await sb.auth.refreshSession()).error },
          environment: manualEnvironment(true),
          watchDatabase: false,
          ...engine,
        }),
        sb,
        userId: data.user!.id,
      };
    },
  };
}
