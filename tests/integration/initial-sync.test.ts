// A new device's first sync through the real engine, supabase-js and the local stand-in (real SQL): the
// runs arrive newest first, then their messages, then the ordinary pull takes over from the snapshot;
// changes made by another device during the snapshot all arrive; a reload half-way resumes; the result
// is the same as an ordinary pull's, and search finds the messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/server';
import { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { createRun, renameRun, updateRun } from '@sync/store/runs';
import type { Message } from '@sync/model';
import { createSyncEngine, type SyncEngine } from '@sync/engine/sync-engine';
import { manualEnvironment } from '@sync/engine/environment';
import { readCursor } from '@sync/engine/sync-meta';
import { createFetchSnapshotTransport, type SnapshotTransport } from '@sync/snapshot/snapshot-transport';
import { transportFor } from '../support/supabase-sync-transport';
import { createInitialSync } from '@sync/snapshot/initial-sync';
import { SNAPSHOT_META } from '@sync/snapshot/apply-snapshot';
import { searchRuns } from '@sync/search/search';

let local: LocalSupabase;
const open: PromptRunsDB[] = [];

beforeAll(async () => {
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters', jwtExpiry: 900 });
}, 120_000);
afterAll(async () => {
  open.forEach((db) => db.close());
  await local?.close();
});

async function signIn(email: string, signUp: boolean): Promise<SupabaseClient> {
  const sb = createClient(local.url, local.anonKey, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never } });
  const { error } = signUp ? await sb.auth.signUp({ email, password: 'secret-pass-1' }) : await sb.auth.signInWithPassword({ email, password: 'secret-pass-1' });
  expect(error).toBeNull();
  return sb;
}

function engineFor(sb: SupabaseClient, db: PromptRunsDB, snapshot?: SnapshotTransport): SyncEngine {
  const auth = { refresh: async () => !(await sb.auth.refreshSession()).error };
  return createSyncEngine({
    db, auth, environment: manualEnvironment(true), watchDatabase: false,
    transport: transportFor(sb, local, { timeoutMs: 15_000 }),
    ...(snapshot ? { initialSync: createInitialSync({ transport: snapshot, auth, runsPage: 4, messagesPage: 5, messagesPerBatch: 6 }) } : {}),
  });
}

function snapshotFor(sb: SupabaseClient): SnapshotTransport {
  return createFetchSnapshotTransport({ supabaseUrl: local.url, anonKey: local.anonKey, accessToken: async () => (await sb.auth.getSession()).data.session?.access_token ?? null });
}

function newDb(): PromptRunsDB {
  const db = new PromptRunsDB(`initial-sync-${newId()}`);
  open.push(db);
  return db;
}

const message = (role: Message['role'], content: string, at: number, parentId: string | null): Message => ({
  id: newId(), runId: 'x', parentId, role, content, status: 'done', createdAt: new Date(Date.parse('2026-11-01T00:00:00Z') + at * 60_000).toISOString(),
});

/** Device A with `count` runs of 3 messages; run i's activity is at minute 10·i (the last is the newest). */
async function seed(count: number) {
  const email = `initial-${newId()}@example.test`;
  const sb = await signIn(email, true);
  const db = newDb();
  const prompt = await createPrompt(db, { name: 'Chat', user_template: '{{text}}' });
  if (!prompt.ok) throw prompt.error;
  const runs: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const q = message('user', `question ${i} about topic${i}`, i * 10, null);
    const a1 = message('assistant', `answer ${i}`, i * 10 + 1, q.id);
    const q2 = message('user', `follow-up ${i}`, i * 10 + 2, a1.id);
    const r = await createRun(db, prompt.value.id, { variable_values: { text: String(i) }, settings: prompt.value.settings, name: `Run ${i}`, messages: [q, a1, q2] });
    if (!r.ok) throw r.error;
    runs.push(r.value.id);
  }
  const engine = engineFor(sb, db);
  expect(await engine.syncNow()).toMatchObject({ ok: true });
  return { email, sb, db, engine, runs };
}

/** What a device holds, in comparable form. */
async function contents(db: PromptRunsDB) {
  const runs = (await db.runs.toArray()).map((r) => [r.id, r.name, r.status, r.message_count, r.last_message_at] as const).sort();
  const messages = (await db.messages.toArray()).map((m) => [m.id, m.runId, m.content] as const).sort();
  return { runs, messages };
}

/** A snapshot transport that records the runs of each page and can stop after some pages. */
function recording(inner: SnapshotTransport) {
  const pages: string[][] = [];
  let allowed = Infinity;
  const transport: SnapshotTransport = {
    runs: async (req) => {
      if (pages.length >= allowed) return { kind: 'network', message: 'cut' };
      const r = await inner.runs(req);
      if (r.kind === 'ok') pages.push([...r.value.runs, ...r.value.changed].map((x) => (x as { id: string }).id));
      return r;
    },
    messages: (req) => inner.messages(req),
  };
  return { transport, pages, stopAfter: (n: number) => void (allowed = n) };
}

describe('initial sync, newest runs first', () => {
  it('holds what an ordinary pull holds, having stored the newest runs first, and hands over to the pull', async () => {
    const a = await seed(10);
    const sb = await signIn(a.email, false);
    const plain = newDb();
    expect(await engineFor(sb, plain).syncNow()).toMatchObject({ ok: true });

    const db = newDb();
    const rec = recording(snapshotFor(sb));
    const synced = await engineFor(sb, db, rec.transport).syncNow();
    expect(synced, JSON.stringify(synced)).toMatchObject({ ok: true });
    expect(rec.pages[0]).toEqual([...a.runs].reverse().slice(0, 4));
    expect(rec.pages.flat()).toEqual([...a.runs].reverse());
    expect(await contents(db)).toEqual(await contents(plain));
    expect(await readCursor(db)).not.toBeNull();
    expect(await db.meta.get(SNAPSHOT_META)).toBeUndefined();
    expect(await db.snapshotQueue.count()).toBe(0);
    expect((await searchRuns(db, 'topic3')).map((h) => h.runId)).toEqual([a.runs[3]]);
    await db.indexNow();
    expect((await searchRuns(db, 'topic7')).map((h) => h.runId)).toEqual([a.runs[7]]);

    // Later changes come through the ordinary pull from the snapshot's cursor.
    await renameRun(a.db, a.runs[0]!, 'Renamed later');
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(await engineFor(sb, db, rec.transport).syncNow()).toMatchObject({ ok: true });
    expect((await db.runs.get(a.runs[0]!))?.name).toBe('Renamed later');
  });

  it('misses nothing another device writes mid-snapshot, and resumes after an interruption', async () => {
    const a = await seed(9);
    const sb = await signIn(a.email, false);
    const db = newDb();
    const rec = recording(snapshotFor(sb));
    rec.stopAfter(1);
    // The first page arrives, then the connection drops.
    const cut = await engineFor(sb, db, rec.transport).syncNow();
    expect(cut.ok).toBe(false);
    expect(await db.runs.count()).toBe(4);
    expect(await readCursor(db)).toBeNull();

    // Meanwhile A continues its oldest run (it moves ahead of the pages) and starts a new one.
    const oldest = a.runs[0]!;
    const leaf = (await a.db.runs.get(oldest))!.current_leaf_id;
    const late = message('assistant', 'a late reply about walruses', 500, leaf);
    await updateRun(a.db, oldest, { append: [{ ...late, runId: oldest }] });
    const prompt = (await a.db.prompts.toArray()).find((p) => p.name === 'Chat')!;
    const fresh = await createRun(a.db, prompt.id, { variable_values: {}, settings: prompt.settings, name: 'Made mid-snapshot', messages: [message('user', 'hello', 600, null)] });
    if (!fresh.ok) throw fresh.error;
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });

    rec.stopAfter(Infinity);
    expect(await engineFor(sb, db, rec.transport).syncNow()).toMatchObject({ ok: true });
    const plain = newDb();
    expect(await engineFor(sb, plain).syncNow()).toMatchObject({ ok: true });
    expect(await contents(db)).toEqual(await contents(plain));
    expect((await db.messages.get(late.id))?.content).toBe('a late reply about walruses');
    expect((await searchRuns(db, 'walruses')).map((h) => h.runId)).toEqual([oldest]);
  });
});
