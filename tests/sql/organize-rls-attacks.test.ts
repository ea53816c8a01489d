// The attack suite for tags, folders, tag links, filing and versions: another signed-in user, and anonymous
// callers, try to read, tag, file into or out of, rename, and learn the names of a user's tags and folders,
// through the tables (PostgREST) and through sync_push/sync_pull. Every attempt is refused or sees nothing,
// and the victim's rows stay as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, newPrompt, newRun, startTestDb, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let alice: string;
let mallory: string;
const aliceDevice = uuid();
const malloryDevice = uuid();
const ids = { prompt: uuid(), run: uuid(), tag: uuid(), folder: uuid(), promptVersion: uuid(), runVersion: uuid() };
const mine = { prompt: uuid(), run: uuid(), tag: uuid(), folder: uuid() };
let mallorySeq = 0;
const TABLES = ['tags', 'folders', 'run_tags', 'prompt_tags', 'run_folders', 'prompt_versions', 'run_versions'] as const;
const P3 = 3;

const lww = (table: string, at_: string, values: Record<string, unknown>, where: object, insert = false) => ({
  table, ...where, ...(insert ? { insert: { created_at: at_ } } : {}), values,
  clocks: Object.fromEntries(Object.keys(values).map((k) => [k, at_])),
});
const version = (table: 'prompt_versions' | 'run_versions', id: string, item: string, snapshot: object) => ({
  table, id, insert: { [table === 'prompt_versions' ? 'prompt_id' : 'run_id']: item, created_at: at(1), device_id: 'd', device_name: 'n', snapshot },
});

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser('alice@example.test');
  mallory = await db.createUser('mallory@example.test');
  const res = await db.push(alice, aliceDevice, [
    newPrompt(1, ids.prompt, { name: 'Alice prompt' }),
    newRun(2, ids.run, ids.prompt, { name: 'Alice run' }),
    { seq: 3, ...lww('tags', at(1), { name: 'alice-secret-tag', color: 'red' }, { id: ids.tag }, true) },
    { seq: 4, ...lww('folders', at(1), { name: 'alice-secret-folder' }, { id: ids.folder }, true) },
    { seq: 5, ...lww('run_tags', at(1), { present: true }, { key: { run_id: ids.run, tag_id: ids.tag } }) },
    { seq: 6, ...lww('prompt_tags', at(1), { present: true }, { key: { prompt_id: ids.prompt, tag_id: ids.tag } }) },
    { seq: 7, ...lww('run_folders', at(1), { folder_id: ids.folder }, { key: { run_id: ids.run } }) },
    { seq: 8, ...version('prompt_versions', ids.promptVersion, ids.prompt, { name: 'alice-secret-version' }) },
    { seq: 9, ...version('run_versions', ids.runVersion, ids.run, { name: 'alice-secret-run-name' }) },
  ], P3);
  expect(res.results.every((r) => r.status === 'applied')).toBe(true);
  const own = await db.push(mallory, malloryDevice, [
    newPrompt(++mallorySeq, mine.prompt),
    newRun(++mallorySeq, mine.run, mine.prompt),
    { seq: ++mallorySeq, ...lww('tags', at(1), { name: 'mine' }, { id: mine.tag }, true) },
    { seq: ++mallorySeq, ...lww('folders', at(1), { name: 'mine' }, { id: mine.folder }, true) },
  ], P3);
  expect(own.results.every((r) => r.status === 'applied')).toBe(true);
});
afterAll(() => db?.close());

async function aliceRows() {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = (await db.admin.query(`select * from public.${t} where user_id = $1 order by 2, 3`, [alice])).rows;
  return out;
}

async function malloryPush(change: object) {
  const res = await db.push(mallory, malloryDevice, [{ ...change, seq: ++mallorySeq }], P3);
  return res.results[0]!;
}

describe('reading through the tables', () => {
  it.each(TABLES)('another user sees none of the owner’s %s', async (table) => {
    expect(await db.as(mallory, `select * from public.${table}`)).toEqual(
      (await db.admin.query(`select * from public.${table} where user_id = $1`, [mallory])).rows.map(() => expect.anything()),
    );
    expect(await db.as(mallory, `select * from public.${table} where user_id = $1`, [alice])).toEqual([]);
  });

  it.each(TABLES)('an anonymous caller cannot read %s', async (table) => {
    await expect(db.as(null, `select * from public.${table}`)).rejects.toThrow(/permission denied/);
  });

  it.each(TABLES)('nobody writes %s but sync_push, not even its owner', async (table) => {
    await expect(db.as(alice, `delete from public.${table} where user_id = $1`, [alice])).rejects.toThrow(/permission denied/);
    await expect(db.as(mallory, `update public.${table} set user_id = $1`, [mallory])).rejects.toThrow(/permission denied/);
  });
});

describe('writing through sync_push', () => {
  const attempts: Array<[string, () => object]> = [
    ['tag the owner’s run with their own tag', () => lww('run_tags', at(9), { present: false }, { key: { run_id: ids.run, tag_id: ids.tag } })],
    ['tag the owner’s run with a tag of theirs', () => lww('run_tags', at(9), { present: true }, { key: { run_id: ids.run, tag_id: mine.tag } })],
    ['tag the owner’s prompt', () => lww('prompt_tags', at(9), { present: true }, { key: { prompt_id: ids.prompt, tag_id: mine.tag } })],
    ['put the owner’s tag on their own run', () => lww('run_tags', at(9), { present: true }, { key: { run_id: mine.run, tag_id: ids.tag } })],
    ['rename the owner’s tag', () => lww('tags', at(9), { name: 'pwned' }, { id: ids.tag })],
    ['delete the owner’s tag', () => lww('tags', at(9), { status: 'deleted' }, { id: ids.tag })],
    ['rename the owner’s folder', () => lww('folders', at(9), { name: 'pwned' }, { id: ids.folder })],
    ['nest a folder of theirs in the owner’s folder', () => lww('folders', at(9), { parent_id: ids.folder }, { id: mine.folder })],
    ['make a new folder inside the owner’s folder', () => lww('folders', at(9), { name: 'x', parent_id: ids.folder }, { id: uuid() }, true)],
    ['move the owner’s run into a folder of theirs', () => lww('run_folders', at(9), { folder_id: mine.folder }, { key: { run_id: ids.run } })],
    ['move the owner’s run out of its folder', () => lww('run_folders', at(9), { folder_id: null }, { key: { run_id: ids.run } })],
    ['file their own run into the owner’s folder', () => lww('run_folders', at(9), { folder_id: ids.folder }, { key: { run_id: mine.run } })],
    ['add a version to the owner’s prompt', () => version('prompt_versions', uuid(), ids.prompt, { name: 'pwned' })],
    ['add a version to the owner’s run', () => version('run_versions', uuid(), ids.run, { name: 'pwned' })],
  ];
  it.each(attempts)('refuses to %s (not_found, in words that name nothing of the owner’s)', async (_label, build) => {
    const before = await aliceRows();
    const result = await malloryPush(build());
    expect(result).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(JSON.stringify(result)).not.toMatch(/alice-secret/);
    expect(await aliceRows()).toEqual(before);
  });

  it('a tag or version made with the owner’s ids is the caller’s own, and leaves the owner’s alone', async () => {
    const before = await aliceRows();
    expect(await malloryPush(lww('tags', at(9), { name: 'same id, my tag' }, { id: ids.tag }, true))).toMatchObject({ status: 'applied' });
    expect(await malloryPush(version('prompt_versions', ids.promptVersion, mine.prompt, { name: 'mine' }))).toMatchObject({ status: 'applied' });
    expect(await aliceRows()).toEqual(before);
    const tags = await db.as<{ name: string }>(mallory, 'select name from public.tags where id = $1', [ids.tag]);
    expect(tags.map((t) => t.name)).toEqual(['same id, my tag']);
  });
});

describe('pulling', () => {
  it('another user’s pull holds none of the owner’s rows nor names', async () => {
    const pull = await db.pull(mallory, null, 500, P3);
    const text = JSON.stringify(pull);
    expect(text).not.toMatch(/alice-secret|Alice run|Alice prompt/);
    expect(text).not.toContain(ids.run);
    expect(text).not.toContain(ids.folder);
    expect(text).not.toContain(ids.runVersion);
  });

  it('an anonymous caller cannot pull', async () => {
    await expect(db.as(null, 'select public.sync_pull(null, 100, 3)')).rejects.toThrow(/permission denied|signed-in/);
  });
});

describe('a run’s prompt version and a template’s source run', () => {
  const links = async () => ({
    run: (await db.admin.query('select prompt_version_id from public.prompt_runs where id = $1', [ids.run])).rows,
    prompt: (await db.admin.query('select source_run_id from public.prompts where id = $1', [ids.prompt])).rows,
  });
  beforeAll(async () => {
    const res = await db.push(alice, aliceDevice, [
      { seq: 10, table: 'prompt_runs', id: ids.run, values: { prompt_version_id: ids.promptVersion }, clocks: { prompt_version_id: at(2) } },
      { seq: 11, table: 'prompts', id: ids.prompt, values: { source_run_id: ids.run }, clocks: { source_run_id: at(2) } },
    ], P3);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it('another user cannot set them on the owner’s rows, through sync_push or the tables', async () => {
    const before = await links();
    expect(before).toEqual({ run: [{ prompt_version_id: ids.promptVersion }], prompt: [{ source_run_id: ids.run }] });
    const run = await malloryPush({ table: 'prompt_runs', id: ids.run, values: { prompt_version_id: uuid() }, clocks: { prompt_version_id: at(99) } });
    expect(run).toMatchObject({ status: 'rejected', code: 'not_found' });
    const prompt = await malloryPush({ table: 'prompts', id: ids.prompt, values: { source_run_id: mine.run }, clocks: { source_run_id: at(99) } });
    expect(prompt).toMatchObject({ status: 'rejected', code: 'not_found' });
    const sneak = async (sql: string, id: string) => {
      try {
        return (await db.as(mallory, `${sql} returning id`, [uuid(), id])).length;
      } catch (error) {
        expect(String(error)).toMatch(/permission denied/);
        return 0;
      }
    };
    expect(await sneak('update public.prompt_runs set prompt_version_id = $1 where id = $2', ids.run)).toBe(0);
    expect(await sneak('update public.prompts set source_run_id = $1 where id = $2', ids.prompt)).toBe(0);
    expect(await links()).toEqual(before);
  });

  it('another user cannot read them, and naming the owner’s run or version in their own rows shows nothing of it', async () => {
    expect(await db.as(mallory, 'select prompt_version_id from public.prompt_runs where id = $1', [ids.run])).toEqual([]);
    expect(await db.as(mallory, 'select source_run_id from public.prompts where id = $1', [ids.prompt])).toEqual([]);
    const res = await db.push(mallory, malloryDevice, [
      { seq: ++mallorySeq, table: 'prompts', id: mine.prompt, values: { source_run_id: ids.run }, clocks: { source_run_id: at(3) } },
      { seq: ++mallorySeq, table: 'prompt_runs', id: mine.run, values: { prompt_version_id: ids.promptVersion }, clocks: { prompt_version_id: at(3) } },
    ], P3);
    // Only an id the caller wrote into their own row: taken as is, never looked up.
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const pull = await db.pull(mallory, null, 500, P3);
    expect(pull.prompts.find((p) => p.id === mine.prompt)?.source_run_id).toBe(ids.run);
    expect(pull.runs.find((r) => r.id === mine.run)?.prompt_version_id).toBe(ids.promptVersion);
    expect(pull.runs.map((r) => r.id)).toEqual([mine.run]);
    expect(JSON.stringify(pull)).not.toMatch(/alice-secret|Alice run|Alice prompt/);
  });
});
