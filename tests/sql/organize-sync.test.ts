// Tags, folders, tag links, filing and edit versions through sync_push and sync_pull on real PostgreSQL:
// per-field last-write-wins exactly like sync/organize-merge.ts, the element-wise tag set, append-only
// versions, validation codes, purge, and pulls that are paged and gap-free for cursors older than the kinds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, newPrompt, newRun, startTestDb, uuid, type TestDb } from './support/test-db';
import { mergeClockedRows } from '../../sync/organize-merge';
import type { PullResponse } from '../../sync/protocol';

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(() => db?.close());

const P3 = 3;
type Row = Record<string, unknown>;
const clocks = (values: Row, clock: string) => Object.fromEntries(Object.keys(values).map((k) => [k, clock]));
const tagChange = (seq: number, id: string, values: Row, clock: string, insert = false) =>
  ({ seq, table: 'tags', id, ...(insert ? { insert: { created_at: clock } } : {}), values, clocks: clocks(values, clock) });
const folderChange = (seq: number, id: string, values: Row, clock: string, insert = false) =>
  ({ seq, table: 'folders', id, ...(insert ? { insert: { created_at: clock } } : {}), values, clocks: clocks(values, clock) });
const runTag = (seq: number, runId: string, tagId: string, present: boolean, clock: string) =>
  ({ seq, table: 'run_tags', key: { run_id: runId, tag_id: tagId }, values: { present }, clocks: { present: clock } });
const fileRun = (seq: number, runId: string, folderId: string | null, clock: string) =>
  ({ seq, table: 'run_folders', key: { run_id: runId }, values: { folder_id: folderId }, clocks: { folder_id: clock } });
const promptVersion = (seq: number, id: string, promptId: string, snapshot: Row, clock: string) =>
  ({ seq, table: 'prompt_versions', id, insert: { prompt_id: promptId, created_at: clock, device_id: 'dev-1', device_name: 'Chrome on Linux', snapshot } });

async function userWithRun() {
  const user = await db.createUser();
  const device = uuid();
  const prompt = uuid();
  const run = uuid();
  const res = await db.push(user, device, [newPrompt(1, prompt), newRun(2, run, prompt)], P3);
  expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  return { user, device, prompt, run };
}

async function pullAll(user: string, since: string | null = null, pageSize = 500) {
  const pages: PullResponse[] = [];
  let cursor = since;
  for (let i = 0; i < 100; i += 1) {
    const page = await db.pull(user, cursor, pageSize, P3);
    pages.push(page);
    cursor = page.cursor;
    if (!page.has_more) break;
  }
  const all = (k: string) => pages.flatMap((p) => (p as unknown as Record<string, Row[]>)[k] ?? []);
  return { cursor, all, pages };
}

describe('lww kinds merge per field like organize-merge.ts', () => {
  it('tags: each field takes the later clock (ties: the greater device id) in any arrival order, as mergeClockedRows', async () => {
    const tag = uuid();
    const [d1, d2] = [uuid(), uuid()].sort() as [string, string];
    const writes: Array<{ device: string; values: Row; clock: string }> = [
      { device: d2, values: { name: 'Trips' }, clock: at(2) },
      { device: d1, values: { color: 'sky' }, clock: at(3) },
      { device: d1, values: { name: 'late but old' }, clock: at(1.5) },
      { device: d2, values: { status: 'deleted' }, clock: at(4) },
      { device: d1, values: { status: 'active' }, clock: at(4) },
      { device: d2, values: { color: 'red' }, clock: at(3) },
    ];
    const created = { device: d1, values: { name: 'travel', color: null, status: 'active' }, clock: at(1) };
    const oracle = [created, ...writes].reduce(
      (row, w) => mergeClockedRows(row, { values: w.values, clocks: clocks(w.values, w.clock), writers: Object.fromEntries(Object.keys(w.values).map((k) => [k, w.device])) }),
      { values: {}, clocks: {}, writers: {} } as ReturnType<typeof mergeClockedRows>,
    );
    expect(oracle.values).toEqual({ name: 'Trips', color: 'red', status: 'deleted' });
    for (const order of [writes, [...writes].reverse()]) {
      const { user } = await userWithRun();
      const seqs = new Map<string, number>();
      for (const w of [created, ...order]) {
        const seq = (seqs.get(w.device) ?? 0) + 1;
        seqs.set(w.device, seq);
        const res = await db.push(user, w.device, [tagChange(seq, tag, w.values, w.clock, w === created)], P3);
        expect(res.results[0]!.status).toBe('applied');
      }
      const { all } = await pullAll(user);
      expect(all('tags')).toEqual([{ id: tag, ...oracle.values, created_at: at(1), updated_at: at(4), field_updated_at: oracle.clocks }]);
    }
  });

  it('tag links are an element-wise set: different tags added offline both stay, remove vs add goes by clock', async () => {
    const { user, run } = await userWithRun();
    const [travel, work] = [uuid(), uuid()] as [string, string];
    const [d1, d2] = [uuid(), uuid()] as [string, string];
    await db.push(user, d1, [tagChange(1, travel, { name: 'travel' }, at(1), true), runTag(2, run, travel, true, at(5))], P3);
    await db.push(user, d2, [tagChange(1, work, { name: 'work' }, at(1), true), runTag(2, run, work, true, at(2)),
      // d2 removes travel, but at an older clock than d1's add: the add stays.
      runTag(3, run, travel, false, at(3))], P3);
    let links = (await pullAll(user)).all('run_tags');
    expect(links.filter((l) => l.present).map((l) => l.tag_id).sort()).toEqual([travel, work].sort());
    await db.push(user, d2, [runTag(4, run, travel, false, at(6))], P3);
    links = (await pullAll(user)).all('run_tags');
    expect(links.find((l) => l.tag_id === travel)).toMatchObject({ present: false, field_updated_at: { present: at(6) } });
    expect(links.find((l) => l.tag_id === work)).toMatchObject({ present: true });
  });

  it('folders nest, reorder and file runs; the last move wins', async () => {
    const { user, run } = await userWithRun();
    const [top, sub] = [uuid(), uuid()] as [string, string];
    const d = uuid();
    const res = await db.push(user, d, [
      folderChange(1, top, { name: 'Projects', parent_id: null, position: 1, status: 'active' }, at(1), true),
      folderChange(2, sub, { name: 'Rome', parent_id: top, position: 0.5, status: 'active' }, at(1), true),
      fileRun(3, run, sub, at(2)),
      fileRun(4, run, top, at(1.5)),
    ], P3);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const { all } = await pullAll(user);
    expect(all('folders').map((f) => [f.name, f.parent_id, f.position])).toEqual(expect.arrayContaining([['Projects', null, 1], ['Rome', top, 0.5]]));
    expect(all('run_folders')).toEqual([expect.objectContaining({ run_id: run, folder_id: sub })]);
  });
});

describe('versions are append-only', () => {
  it('keeps the first insert of an id and ignores a second', async () => {
    const { user, prompt, device } = await userWithRun();
    const id = uuid();
    const snapshot = { name: 'v1', user_template: 'Say {{x}}', variables: [{ name: 'x', default_value: '' }], settings: { provider: 'echo' } };
    const res = await db.push(user, device, [promptVersion(3, id, prompt, snapshot, at(1)), promptVersion(4, id, prompt, { name: 'other' }, at(2))], P3);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const versions = (await pullAll(user)).all('prompt_versions');
    expect(versions).toEqual([{ id, prompt_id: prompt, created_at: at(1), device_id: 'dev-1', device_name: 'Chrome on Linux', snapshot }]);
  });
});

describe('validation', () => {
  const cases: Array<[string, (s: { run: string; prompt: string }) => object, string]> = [
    ['a blank tag name', () => tagChange(0, uuid(), { name: '  ' }, at(1), true), 'invalid_value'],
    ['a tag name over 100 characters', () => tagChange(0, uuid(), { name: 'x'.repeat(101) }, at(1), true), 'invalid_value'],
    ['a colour off the palette', () => tagChange(0, uuid(), { name: 'a', color: 'blue' }, at(1), true), 'invalid_value'],
    ['an unknown tag field', () => tagChange(0, uuid(), { name: 'a', secret: 1 }, at(1), true), 'unknown_field'],
    ['a new tag without a name', () => tagChange(0, uuid(), { color: 'red' }, at(1), true), 'invalid_value'],
    ['an edit of a tag that does not exist', () => tagChange(0, uuid(), { name: 'a' }, at(1)), 'not_found'],
    ['a folder inside itself', () => { const id = uuid(); return folderChange(0, id, { name: 'a', parent_id: id }, at(1), true); }, 'invalid_value'],
    ['a folder inside a folder that does not exist', () => folderChange(0, uuid(), { name: 'a', parent_id: uuid() }, at(1), true), 'not_found'],
    ['a position that is not a number', () => folderChange(0, uuid(), { name: 'a', position: '1' }, at(1), true), 'invalid_value'],
    ['a link to a tag that does not exist', ({ run }) => runTag(0, run, uuid(), true, at(1)), 'not_found'],
    ['filing into a folder that does not exist', ({ run }) => fileRun(0, run, uuid(), at(1)), 'not_found'],
    ['a version of a prompt that does not exist', () => promptVersion(0, uuid(), uuid(), { name: 'x' }, at(1)), 'not_found'],
    ['a version with a field prompts do not have', ({ prompt }) => promptVersion(0, uuid(), prompt, { evil: 'x' }, at(1)), 'unknown_field'],
    ['a version edited through values', ({ prompt }) => ({ ...promptVersion(0, uuid(), prompt, { name: 'x' }, at(1)), values: { name: 'y' }, clocks: { name: at(1) } }), 'invalid_change'],
    ['a link named by id instead of key', ({ run }) => ({ seq: 0, table: 'run_tags', id: run, values: { present: true }, clocks: { present: at(1) } }), 'invalid_change'],
    ['an unknown key part', ({ run }) => ({ ...runTag(0, run, uuid(), true, at(1)), key: { run_id: run, tag_id: uuid(), user_id: uuid() } }), 'unknown_field'],
  ];
  it.each(cases)('refuses %s', async (_label, build, code) => {
    const { user, run, prompt, device } = await userWithRun();
    const res = await db.push(user, device, [{ ...build({ run, prompt }), seq: 3 }], P3);
    expect(res.results[0]).toMatchObject({ status: 'rejected', code });
  });
});

describe('purge', () => {
  it('takes the run’s links, filing and versions, and refuses new ones with run_purged', async () => {
    const { user, run, device } = await userWithRun();
    const [tag, folder] = [uuid(), uuid()] as [string, string];
    await db.push(user, device, [
      tagChange(3, tag, { name: 'travel' }, at(1), true),
      folderChange(4, folder, { name: 'F' }, at(1), true),
      runTag(5, run, tag, true, at(1)),
      fileRun(6, run, folder, at(1)),
      { seq: 7, table: 'run_versions', id: uuid(), insert: { run_id: run, created_at: at(1), device_id: 'd', device_name: 'n', snapshot: { name: 'old name', description: '' } } },
    ], P3);
    await db.push(user, device, [{ seq: 8, table: 'prompt_runs', id: run, values: { status: 'deleted' }, clocks: { status: at(2) }, purge: true }], P3);
    for (const table of ['run_tags', 'run_folders', 'run_versions']) {
      const { rows } = await db.admin.query(`select count(*)::int as n from public.${table} where run_id = $1`, [run]);
      expect(rows[0].n).toBe(0);
    }
    const res = await db.push(user, device, [runTag(9, run, tag, true, at(3)), fileRun(10, run, folder, at(3))], P3);
    expect(res.results.map((r) => 'code' in r && r.code)).toEqual(['run_purged', 'run_purged']);
  });
});

describe('sync_pull with the new kinds', () => {
  it('sends them only to protocol 3; an older cursor reads them from the beginning once, then goes on', async () => {
    const { user, run, device } = await userWithRun();
    const tag = uuid();
    await db.push(user, device, [tagChange(3, tag, { name: 'travel' }, at(1), true), runTag(4, run, tag, true, at(1))], P3);
    const old = await db.pull(user, null, 500, 2);
    expect(old).not.toHaveProperty('tags');
    expect(old.cursor.startsWith('1;')).toBe(true);
    // The app updates: its protocol-2 cursor covered no tags, so they come now, once.
    const first = await db.pull(user, old.cursor, 500, P3);
    expect((first as unknown as Record<string, Row[]>).tags!.map((t) => t.id)).toEqual([tag]);
    expect((first as unknown as Record<string, Row[]>).run_tags).toHaveLength(1);
    expect(first.runs).toEqual([]);
    expect(first.cursor.startsWith('3;')).toBe(true);
    const again = await db.pull(user, first.cursor, 500, P3);
    expect([again.runs, again.prompts, (again as unknown as Record<string, Row[]>).tags]).toEqual([[], [], []]);
  });

  it('pages through every kind without a gap or a repeat, from scratch and from an old cursor', async () => {
    const { user, run, device } = await userWithRun();
    const old = await db.pull(user, null, 500, 2);
    const tags = Array.from({ length: 7 }, () => uuid());
    const folders = Array.from({ length: 5 }, () => uuid());
    let seq = 3;
    await db.push(user, device, [
      ...tags.map((id, i) => tagChange(seq++, id, { name: `tag ${i}` }, at(1), true)),
      ...folders.map((id, i) => folderChange(seq++, id, { name: `folder ${i}` }, at(1), true)),
      ...tags.map((id) => runTag(seq++, run, id, true, at(1))),
      fileRun(seq++, run, folders[0]!, at(1)),
    ], P3);
    for (const since of [null, old.cursor]) {
      const { all, pages } = await pullAll(user, since, 3);
      expect(pages.length).toBeGreaterThan(5);
      expect(all('tags').map((t) => t.id).sort()).toEqual([...tags].sort());
      expect(all('folders').map((t) => t.id).sort()).toEqual([...folders].sort());
      expect(all('run_tags')).toHaveLength(7);
      expect(all('run_folders')).toHaveLength(1);
      expect(pages.at(-1)!.cursor.startsWith('3;')).toBe(true);
    }
    const latest = (await pullAll(user, null)).cursor;
    await db.push(user, device, [tagChange(seq++, tags[0]!, { name: 'renamed' }, at(2))], P3);
    const next = await pullAll(user, latest);
    expect(next.all('tags').map((t) => t.name)).toEqual(['renamed']);
    expect(next.all('run_tags')).toEqual([]);
  });
});
