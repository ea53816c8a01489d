// One contract for the transport port, run against both ends the engine talks to: the in-memory fake
// server (what the engine's property tests trust) and the app's one transport (plain fetch, as the page
// and the service worker use it) over the local stand-in, so the real SQL functions. If the fake drifts
// from the SQL, this fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/server';
import { newId } from '@sync/clock';
import { PROTOCOL_VERSION, type PullResponse, type PushChange, type WireMessage } from '@sync/protocol';
import { FakeSyncServer } from '@sync/engine/fake-server';
import { createFakeTransport } from '@sync/engine/fake-transport';
import { seededRandom } from '@sync/engine/random';
import { createFetchTransport } from '@sync/engine/fetch-transport';
import type { SyncTransport } from '@sync/engine/transport';

/** A signed-in transport; `protocol` plays an app of another version. */
type Connect = (options?: { protocol?: number }) => Promise<SyncTransport>;

const iso = (ms: number) => new Date(ms).toISOString();
const T = Date.now() - 60_000; // a minute ago: clocks in the past, so none is clamped unless meant to be

function promptInsert(seq: number, id: string, name: string, at: number): PushChange {
  return { seq, table: 'prompts', id, insert: { created_at: iso(at) }, values: { name }, clocks: { name: iso(at) } };
}

function message(parentId: string | null, content: string, at: number): WireMessage {
  return { id: newId(), parentId, role: 'user', content, status: 'done', createdAt: iso(at) };
}

async function pullAll(transport: SyncTransport, maxRows = 1000): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  let since: string | null = null;
  for (let i = 0; i < 100; i += 1) {
    const res = await transport.pull({ since, max_rows: maxRows });
    if (res.kind !== 'ok') throw new Error(`pull failed: ${res.kind}`);
    pages.push(res.value);
    since = res.value.cursor;
    if (!res.value.has_more) break;
  }
  return pages;
}

async function push(transport: SyncTransport, clientId: string, changes: PushChange[]) {
  const res = await transport.push({ client_id: clientId, changes });
  if (res.kind !== 'ok') throw new Error(`push failed: ${res.kind} ${'message' in res ? res.message : ''}`);
  return res.value;
}

function transportContract(name: string, connect: Connect) {
  describe(`transport contract: ${name}`, () => {
    it('applies a batch once: the same seqs again come back as duplicates', async () => {
      const t = await connect();
      const client = newId();
      const batch = [promptInsert(1, newId(), 'first', T), promptInsert(2, newId(), 'second', T)];
      expect(await push(t, client, batch)).toMatchObject({ applied_through: 2, results: [{ seq: 1, status: 'applied' }, { seq: 2, status: 'applied' }] });
      expect(await push(t, client, batch)).toMatchObject({ applied_through: 2, results: [{ seq: 1, status: 'duplicate' }, { seq: 2, status: 'duplicate' }] });
    });

    it('keeps the later write per field, whatever the arrival order, and breaks exact ties by client id', async () => {
      const t = await connect();
      const [low, high] = [`00000000-0000-4000-8000-${newId().slice(-12)}`, `ffffffff-0000-4000-8000-${newId().slice(-12)}`];
      const id = newId();
      await push(t, low, [{ ...promptInsert(1, id, 'created', T), values: { name: 'created', description: 'd0' }, clocks: { name: iso(T), description: iso(T) } }]);
      await push(t, high, [{ seq: 1, table: 'prompts', id, values: { name: 'newer' }, clocks: { name: iso(T + 2000) } }]);
      await push(t, low, [{ seq: 2, table: 'prompts', id, values: { name: 'older', description: 'd1' }, clocks: { name: iso(T + 1000), description: iso(T + 1000) } }]);
      await push(t, low, [{ seq: 3, table: 'prompts', id, values: { system_message: 'tie-low' }, clocks: { system_message: iso(T + 3000) } }]);
      await push(t, high, [{ seq: 2, table: 'prompts', id, values: { system_message: 'tie-high' }, clocks: { system_message: iso(T + 3000) } }]);
      await push(t, low, [{ seq: 4, table: 'prompts', id, values: { system_message: 'tie-low-again' }, clocks: { system_message: iso(T + 3000) } }]);
      const rows = (await pullAll(t)).flatMap((p) => p.prompts).filter((p) => p.id === id);
      const row = rows.at(-1)!;
      expect(row).toMatchObject({ name: 'newer', description: 'd1', system_message: 'tie-high' });
      expect(Date.parse(row.field_updated_at.name!)).toBe(T + 2000);
    });

    it('merges messages by id: a resent message is not duplicated, and both branches survive', async () => {
      const t = await connect();
      const [a, b] = [newId(), newId()];
      const promptId = newId();
      const runId = newId();
      const root = message(null, 'root', T);
      const fromA = message(root.id, 'from A', T + 1);
      const fromB = message(root.id, 'from B', T + 2);
      await push(t, a, [
        promptInsert(1, promptId, 'p', T),
        { seq: 2, table: 'prompt_runs', id: runId, insert: { prompt_id: promptId, created_at: iso(T) }, values: { name: 'run' }, clocks: { name: iso(T) }, append_messages: [root, fromA] },
      ]);
      await push(t, b, [{ seq: 1, table: 'prompt_runs', id: runId, values: {}, clocks: {}, append_messages: [root, fromB] }]);
      const pages = await pullAll(t);
      const ids = pages.flatMap((p) => p.messages).filter((m) => m.run_id === runId).map((m) => m.id);
      expect(ids.sort()).toEqual([root.id, fromA.id, fromB.id].sort());
      const run = pages.flatMap((p) => p.runs).filter((r) => r.id === runId).at(-1);
      expect(run?.message_count).toBe(3);
    });

    it('refuses a bad change on its own while the rest of the batch applies', async () => {
      const t = await connect();
      const good = newId();
      const res = await push(t, newId(), [
        { seq: 1, table: 'prompts', id: newId(), insert: { created_at: iso(T) }, values: { colour: 'red' }, clocks: { colour: iso(T) } },
        { seq: 2, table: 'prompts', id: newId(), values: { name: 'never inserted' }, clocks: { name: iso(T) } },
        { seq: 3, table: 'prompt_runs', id: newId(), insert: { prompt_id: newId(), created_at: iso(T) }, values: { name: 'orphan' }, clocks: { name: iso(T) } },
        promptInsert(4, good, 'fine', T),
      ]);
      expect(res.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'applied']);
      expect(res.results.map((r) => ('code' in r ? r.code : ''))).toEqual(['unknown_field', 'not_found', 'invalid_prompt', '']);
      expect(res.applied_through).toBe(4);
    });

    it('clamps a clock from the future to the server time', async () => {
      const t = await connect();
      const id = newId();
      const res = await push(t, newId(), [promptInsert(1, id, 'from the future', Date.now() + 24 * 3600_000)]);
      const row = (await pullAll(t)).flatMap((p) => p.prompts).find((p) => p.id === id)!;
      expect(Date.parse(row.field_updated_at.name!)).toBeLessThanOrEqual(Date.parse(res.server_time));
    });

    it('names the protocol version it was served with, and refuses a version it does not speak with its range', async () => {
      const t = await connect();
      expect(await push(t, newId(), [])).toMatchObject({ protocol: PROTOCOL_VERSION, results: [] });
      const future = await connect({ protocol: 99 });
      // The range the server speaks: from the oldest app it still serves up to at least this app's version.
      const refused = await future.pull({ since: null, max_rows: 5 });
      expect(refused).toMatchObject({ kind: 'outdated', min: 1 });
      expect(refused.kind === 'outdated' && refused.max).toBeGreaterThanOrEqual(PROTOCOL_VERSION);
      expect(await future.push({ client_id: newId(), changes: [promptInsert(1, newId(), 'never stored', T)] })).toMatchObject({ kind: 'outdated' });
    });

    it('answers a rejected seq sent again with the same rejection, not "duplicate"', async () => {
      const t = await connect();
      const client = newId();
      const bad: PushChange = { seq: 1, table: 'prompts', id: newId(), values: { name: 'never inserted' }, clocks: { name: iso(T) } };
      expect((await push(t, client, [bad])).results).toEqual([{ seq: 1, status: 'rejected', code: 'not_found', message: expect.any(String) }]);
      expect((await push(t, client, [bad])).results).toEqual([{ seq: 1, status: 'rejected', code: 'not_found', message: expect.any(String) }]);
    });

    it('refuses a call over the limits as a whole (413), and a NUL in one change alone', async () => {
      const t = await connect();
      const tooMany = Array.from({ length: 501 }, (_, i) => promptInsert(i + 1, newId(), `p${i}`, T));
      expect(await t.push({ client_id: newId(), changes: tooMany })).toMatchObject({ kind: 'rejected', code: 'payload_too_large' });
      const res = await push(t, newId(), [promptInsert(1, newId(), 'bad\u0000name', T), promptInsert(2, newId(), 'fine', T)]);
      expect(res.results.map((r) => ('code' in r ? r.code : r.status))).toEqual(['invalid_text', 'applied']);
    });

    describe('protocol 3: tags, folders, tag links, filing, versions', () => {
      const runInsert = (seq: number, id: string, promptId: string): PushChange =>
        ({ seq, table: 'prompt_runs', id, insert: { prompt_id: promptId, created_at: iso(T) }, values: { name: 'r' }, clocks: { name: iso(T) } });
      const tag = (seq: number, id: string, name: string, at: number, insert = true): PushChange =>
        ({ seq, table: 'tags', id, ...(insert ? { insert: { created_at: iso(at) } } : {}), values: { name }, clocks: { name: iso(at) } });
      const link = (seq: number, runId: string, tagId: string, present: boolean, at: number): PushChange =>
        ({ seq, table: 'run_tags', key: { run_id: runId, tag_id: tagId }, values: { present }, clocks: { present: iso(at) } });
      const arrays = (pages: PullResponse[], k: 'tags' | 'run_tags' | 'run_folders' | 'prompt_versions') => pages.flatMap((p) => (p[k] ?? []) as unknown as Array<Record<string, unknown>>);
      const statuses = (res: { results: Array<{ status: string; code?: string }> }) => res.results.map((r) => r.code ?? r.status);

      it('keeps a tag set element-wise: adds from two devices both stay, a remove against an add goes by clock', async () => {
        const t = await connect({ protocol: 3 });
        const [a, b] = [newId(), newId()];
        const [prompt, run, travel, work] = [newId(), newId(), newId(), newId()];
        await push(t, a, [promptInsert(1, prompt, 'p', T), runInsert(2, run, prompt), tag(3, travel, 'travel', T), link(4, run, travel, true, T + 5_000)]);
        expect(statuses(await push(t, b, [tag(1, work, 'work', T), link(2, run, work, true, T + 1_000), link(3, run, travel, false, T + 2_000)]))).toEqual(['applied', 'applied', 'applied']);
        let links = arrays(await pullAll(t), 'run_tags');
        expect(links.filter((l) => l.present).map((l) => l.tag_id).sort()).toEqual([travel, work].sort());
        await push(t, b, [link(4, run, travel, false, T + 9_000)]);
        links = arrays(await pullAll(t), 'run_tags');
        expect(links.find((l) => l.tag_id === travel)).toMatchObject({ present: false, field_updated_at: { present: iso(T + 9_000) } });
      });

      it('answers not_found for what is not there, run_purged once the run is deleted forever, and the purge takes its links', async () => {
        const t = await connect({ protocol: 3 });
        const client = newId();
        const [prompt, run, travel, folder] = [newId(), newId(), newId(), newId()];
        const filing: PushChange = { seq: 6, table: 'run_folders', key: { run_id: run }, values: { folder_id: folder }, clocks: { folder_id: iso(T) } };
        const res = await push(t, client, [
          promptInsert(1, prompt, 'p', T), runInsert(2, run, prompt), tag(3, travel, 'travel', T),
          link(4, newId(), travel, true, T), link(5, run, newId(), true, T), filing,
          { seq: 7, table: 'folders', id: folder, insert: { created_at: iso(T) }, values: { name: 'F' }, clocks: { name: iso(T) } },
          { ...filing, seq: 8 }, link(9, run, travel, true, T), tag(10, newId(), 'never made', T, false),
        ]);
        expect(statuses(res)).toEqual(['applied', 'applied', 'applied', 'not_found', 'not_found', 'not_found', 'applied', 'applied', 'applied', 'not_found']);
        await push(t, client, [{ seq: 11, table: 'prompt_runs', id: run, values: { status: 'deleted' }, clocks: { status: iso(T + 1_000) }, purge: true }]);
        expect(statuses(await push(t, client, [link(12, run, travel, true, T + 2_000)]))).toEqual(['run_purged']);
        const pages = await pullAll(t);
        expect([arrays(pages, 'run_tags'), arrays(pages, 'run_folders')]).toEqual([[], []]);
        expect(arrays(pages, 'tags').map((x) => x.name)).toEqual(['travel']);
      });

      it('keeps the first copy of a version; a cursor of an older app reads the new kinds from the start once', async () => {
        const old = await connect({ protocol: 2 });
        const t = await connect({ protocol: 3 });
        const client = newId();
        const [prompt, version, travel] = [newId(), newId(), newId()];
        const v = (seq: number, name: string): PushChange =>
          ({ seq, table: 'prompt_versions', id: version, insert: { prompt_id: prompt, created_at: iso(T), device_id: 'd1', device_name: 'Chrome on Linux', snapshot: { name } }, values: {}, clocks: {} });
        expect(statuses(await push(t, client, [promptInsert(1, prompt, 'p', T), v(2, 'first'), v(3, 'second'), tag(4, travel, 'travel', T)]))).toEqual(['applied', 'applied', 'applied', 'applied']);
        const oldPages = await pullAll(old);
        expect(oldPages.every((p) => p.tags === undefined)).toBe(true);
        const res = await t.pull({ since: oldPages.at(-1)!.cursor, max_rows: 100 });
        if (res.kind !== 'ok') throw new Error(res.kind);
        expect((res.value.tags ?? []).map((x) => x.id)).toEqual([travel]);
        expect(res.value.prompt_versions).toEqual([{ id: version, prompt_id: prompt, created_at: iso(T), device_id: 'd1', device_name: 'Chrome on Linux', snapshot: { name: 'first' } }]);
        const again = await t.pull({ since: res.value.cursor, max_rows: 100 });
        expect(again.kind === 'ok' && [again.value.tags, again.value.prompt_versions]).toEqual([[], []]);
      });
    });

    it('pages a pull with has_more and a cursor, delivering every change exactly once', async () => {
      const t = await connect();
      const client = newId();
      const ids = Array.from({ length: 7 }, () => newId());
      await push(t, client, ids.map((id, i) => promptInsert(i + 1, id, `p${i}`, T)));
      const pages = await pullAll(t, 3);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.slice(0, -1).every((p) => p.has_more)).toBe(true);
      const seen = pages.flatMap((p) => p.prompts.map((x) => x.id)).filter((id) => ids.includes(id));
      expect(seen.sort()).toEqual([...ids].sort());
      const after = await t.pull({ since: pages.at(-1)!.cursor, max_rows: 10 });
      expect(after.kind === 'ok' && after.value.prompts.length + after.value.runs.length + after.value.messages.length).toBe(0);
    });
  });
}

transportContract('fake server', async (options = {}) => {
  const server = new FakeSyncServer({ userId: newId(), now: () => Date.now() });
  const transport = createFakeTransport(server, seededRandom(1));
  if (options.protocol !== undefined) transport.protocol = options.protocol;
  return transport;
});

let local: LocalSupabase | null = null;
beforeAll(async () => {
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters' });
}, 120_000);
afterAll(async () => local?.close());

transportContract('fetch transport + local stand-in (SQL)', async (options = {}) => {
  const sb = createClient(local!.url, local!.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as never },
  });
  const { data, error } = await sb.auth.signUp({ email: `contract-${newId()}@example.test`, password: 'secret-pass-1' });
  if (error) throw error;
  const token = data.session?.access_token ?? null;
  return createFetchTransport({ supabaseUrl: local!.url, anonKey: local!.anonKey, accessToken: () => token, ...options });
});
