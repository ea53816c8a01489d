// Shared runs on members' devices, against the fake server playing two accounts: the run and its messages
// arrive with the member's role, who wrote each message, personal stars, what each role may change (the
// store refuses the rest before queuing; the server's read_only and membership_removed refusals are kept
// as dead letters in its words), and a removal taking the run off the member's device without losing text.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPrompt } from '../store/prompts';
import { archiveRun, createRun, deleteRun, getRun, pinRun, renameRun, setCurrentLeaf, starRun, updateRun } from '../store/runs';
import { purgeRun } from '../store/run-library-actions';
import { addTagByName } from '../store/tags';
import { createFolder, moveRunsToFolder } from '../store/folders';
import { listSharedRuns, runAccess, sharedRunRefusal } from '../store/shared-runs';
import { queryRuns } from '../store/run-queries';
import { searchRuns } from '../search/search';
import { prepareUsageTotals, readUsageTotals } from '../usage/read-usage-totals';
import { makeMessage, unwrap } from '../test-support';
import type { Message } from '../model';
import { applyPull } from './apply-pull';
import { deadLetterText, listDeadLetters } from './dead-letters';
import { createTestWorld, type TestDevice, type TestWorld } from './test-world';
import { messagesOfRun } from '../run-messages';

const MEMBER = 'aaaaaaaa-0000-4000-8000-000000000001';
let world: TestWorld;
afterEach(async () => world?.dispose());

async function ownerRun(device: TestDevice, name = 'Trip plan') {
  const prompt = unwrap(await createPrompt(device.db, { name: 'Planner', user_template: 'Plan {{x}}' }));
  const runId = crypto.randomUUID();
  const first = makeMessage(runId, 'user', 'Where should we sleep in Lyon', null, { createdAt: device.clock.nowIso() });
  const reply = makeMessage(runId, 'assistant', 'Near Perrache station', first.id, {
    createdAt: device.clock.nowIso(),
    metadata: { tokens: 40, inputTokens: 12, modelId: 'echo', modelName: 'Echo (offline)', totalTime: 300 },
  });
  return unwrap(await createRun(device.db, prompt.id, { name, variable_values: { x: 'Lyon' }, settings: prompt.settings, messages: [first, reply] }));
}

async function write(device: TestDevice, runId: string, text: string): Promise<Message> {
  const leaf = (await getRun(device.db, runId))!.run.current_leaf_id;
  world.advance(1_000);
  const message = makeMessage(runId, 'user', text, leaf, { createdAt: device.clock.nowIso() });
  unwrap(await updateRun(device.db, runId, { append: [message], current_leaf_id: message.id }));
  return message;
}

/** Owner's device and a member's device (another account); the owner's run shared with `role`. */
async function sharedWorld(seed: number, role: 'viewer' | 'editor') {
  world = createTestWorld(seed);
  const owner = world.addDevice('owner');
  const member = world.addDevice('member', {}, { userId: MEMBER });
  world.server.members.setEmail(MEMBER, 'sam@example.test');
  world.server.members.setEmail('99999999-0000-4000-8000-000000000000', 'ada@example.test');
  const run = await ownerRun(owner);
  await owner.engine.syncNow();
  world.server.members.add(run.id, MEMBER, role);
  await member.engine.syncNow();
  return { owner, member, run };
}

describe('a member pulls a shared run', () => {
  it('stores the run with its role, owner and people, and its messages with who wrote them', async () => {
    const { member, run } = await sharedWorld(1, 'editor');
    const here = (await getRun(member.db, run.id))!;
    expect(here.run.shared).toMatchObject({ role: 'editor', owner_email: 'ada@example.test', prompt_name: 'Planner' });
    expect(here.run.shared!.people.map((p) => [p.email, p.role])).toEqual([['ada@example.test', 'owner'], ['sam@example.test', 'editor']]);
    expect(here.messages.map((m) => [m.content, m.authorId]).sort()).toEqual([
      ['Near Perrache station', '99999999-0000-4000-8000-000000000000'],
      ['Where should we sleep in Lyon', '99999999-0000-4000-8000-000000000000'],
    ]);
    expect(runAccess(here.run)).toBe('editor');
    expect(await member.db.outbox.count()).toBe(0);
    // "Shared with me", offline, from this device alone; the library lists it too, marked by `shared`.
    member.transport.setOnline(false);
    expect((await listSharedRuns(member.db)).map((r) => r.name)).toEqual(['Trip plan']);
    const library = await queryRuns(member.db, { view: 'active', sort: 'recent', limit: 20 });
    expect(library.entries.map((e) => e.run.shared?.role)).toEqual(['editor']);
  });

  it("keeps an editor's appended messages and name, with the editor as author on the owner's device", async () => {
    const { owner, member, run } = await sharedWorld(2, 'editor');
    const written = await write(member, run.id, 'And a day trip to Annecy?');
    world.advance(1_000);
    unwrap(await renameRun(member.db, run.id, 'Lyon and Annecy'));
    await member.engine.syncNow();
    expect(await listDeadLetters(member.db)).toEqual([]);
    await owner.engine.syncNow();
    const there = (await getRun(owner.db, run.id))!;
    expect(there.run.name).toBe('Lyon and Annecy');
    expect(there.run.shared ?? null).toBeNull();
    expect(there.messages.find((m) => m.id === written.id)?.authorId).toBe(MEMBER);
    // The member's own copy learns its author too, once the server's copy comes back.
    await member.engine.syncNow();
    expect((await getRun(member.db, run.id))!.messages.find((m) => m.id === written.id)?.authorId).toBe(MEMBER);
  });

  it("keeps stars and pins personal: the member's star is theirs, the owner's stays the owner's", async () => {
    const { owner, member, run } = await sharedWorld(3, 'viewer');
    unwrap(await starRun(member.db, run.id, true));
    unwrap(await pinRun(member.db, run.id, true));
    await member.engine.syncNow();
    await owner.engine.syncNow();
    expect((await getRun(owner.db, run.id))!.run).toMatchObject({ is_starred: false, is_pinned: false });
    world.advance(1_000);
    unwrap(await starRun(owner.db, run.id, true));
    unwrap(await starRun(owner.db, run.id, false));
    await owner.engine.syncNow();
    await member.engine.syncNow();
    expect((await getRun(member.db, run.id))!.run).toMatchObject({ is_starred: true, is_pinned: true });
    expect(await listDeadLetters(member.db)).toEqual([]);
  });

  it('keeps shared runs out of usage totals, prompt counts and the trash', async () => {
    const { owner, member, run } = await sharedWorld(4, 'editor');
    await prepareUsageTotals(member.db);
    expect(await readUsageTotals(member.db, null, null)).toEqual([]);
    // The owner's figures count the run and its reply as before.
    await prepareUsageTotals(owner.db);
    expect((await readUsageTotals(owner.db, null, null)).reduce((n, r) => n + r.replies, 0)).toBe(1);
    unwrap(await deleteRun(owner.db, run.id));
    await owner.engine.syncNow();
    await member.engine.syncNow();
    expect((await getRun(member.db, run.id))!.run.status).toBe('deleted');
    expect((await queryRuns(member.db, { view: 'trash', sort: 'recent', limit: 20 })).entries).toEqual([]);
    expect(await listSharedRuns(member.db)).toEqual([]);
    expect((await listSharedRuns(member.db, { statuses: ['deleted'] })).map((r) => r.id)).toEqual([run.id]);
  });
});

describe("the owner's figures", () => {
  it("keeps an editor's replies out of the owner's usage figures (written with the editor's own key)", async () => {
    const { owner, member, run } = await sharedWorld(13, 'editor');
    const question = await write(member, run.id, 'And Annecy?');
    world.advance(1_000);
    const reply = makeMessage(run.id, 'assistant', 'By train, 2 hours', question.id, {
      createdAt: member.clock.nowIso(),
      metadata: { tokens: 900, inputTokens: 50, modelId: 'gpt-4o-mini', modelName: 'gpt-4o-mini · OpenAI', totalTime: 800 },
    });
    unwrap(await updateRun(member.db, run.id, { append: [reply], current_leaf_id: reply.id }));
    await member.engine.syncNow();
    await owner.engine.syncNow();
    expect((await getRun(owner.db, run.id))!.messages.find((m) => m.id === reply.id)?.authorId).toBe(MEMBER);
    await prepareUsageTotals(owner.db);
    const totals = await readUsageTotals(owner.db, null, null);
    expect(totals.map((r) => [r.modelId, r.replies, r.outputTokens])).toEqual([['echo', 1, 40]]);
    await prepareUsageTotals(member.db);
    expect(await readUsageTotals(member.db, null, null)).toEqual([]);
  });
});

describe('what each role may change', () => {
  it("refuses a viewer's writing, renaming and branch change before queuing, and lets them star", async () => {
    const { member, run } = await sharedWorld(5, 'viewer');
    const leaf = (await getRun(member.db, run.id))!.run.current_leaf_id;
    const appended = await updateRun(member.db, run.id, { append: [makeMessage(run.id, 'user', 'hi', leaf)] });
    expect(appended.ok).toBe(false);
    expect(!appended.ok && appended.error.message).toBe('“Trip plan” is shared with you to read: its owner has not let you change it.');
    expect((await renameRun(member.db, run.id, 'Mine now')).ok).toBe(false);
    expect((await setCurrentLeaf(member.db, run.id, null)).ok).toBe(false);
    expect(await member.db.outbox.count()).toBe(0);
    expect((await getRun(member.db, run.id))!.messages).toHaveLength(2);
    expect((await starRun(member.db, run.id, true)).ok).toBe(true);
  });

  it("refuses an editor's archive, trash, restore and delete forever, with the reason", async () => {
    const { member, run } = await sharedWorld(6, 'editor');
    const archived = await archiveRun(member.db, run.id);
    expect(!archived.ok && archived.error.message).toBe('“Trip plan” is shared with you: only its owner can archive, delete or restore it.');
    expect((await deleteRun(member.db, run.id)).ok).toBe(false);
    const purged = await purgeRun(member.db, run.id);
    expect(!purged.ok && purged.error.message).toBe('“Trip plan” is shared with you: only its owner can delete it forever.');
    expect(await member.db.outbox.count()).toBe(0);
    expect(sharedRunRefusal((await getRun(member.db, run.id))!.run, { fields: ['variable_values'] })).toMatch(/only its owner can change its variables/);
  });

  it('tags and files a shared run with my own tags and folder, which reach my other devices and not the owner', async () => {
    const { owner, member, run } = await sharedWorld(12, 'viewer');
    const tagged = unwrap(await addTagByName(member.db, 'run', [run.id], 'travel'));
    const folder = unwrap(await createFolder(member.db, 'Trips'));
    expect(unwrap(await moveRunsToFolder(member.db, [run.id], folder.id))).toBe(1);
    await member.engine.syncNow();
    expect(await listDeadLetters(member.db)).toEqual([]);
    expect(await member.db.outbox.count()).toBe(0);

    const other = world.addDevice('member-laptop', {}, { userId: MEMBER });
    await other.engine.syncNow();
    expect((await other.db.runTags.where('run_id').equals(run.id).toArray()).map((l) => [l.tag_id, l.present])).toEqual([[tagged.tag.id, true]]);
    expect((await other.db.runFolders.get(run.id))?.folder_id).toBe(folder.id);
    await owner.engine.syncNow();
    expect(await owner.db.runTags.where('run_id').equals(run.id).count()).toBe(0);
    expect(await owner.db.runFolders.get(run.id)).toBeUndefined();

    // Removed, the run leaves with my tags and folder of it; invited again, it comes back unorganized.
    world.server.members.remove(run.id, MEMBER, owner.clock.nowIso());
    await member.engine.syncNow();
    expect(await member.db.runTags.where('run_id').equals(run.id).count()).toBe(0);
    world.server.members.add(run.id, MEMBER, 'viewer');
    await member.engine.syncNow();
    expect((await getRun(member.db, run.id))?.run.shared?.role).toBe('viewer');
    expect(await member.db.runTags.where('run_id').equals(run.id).count()).toBe(0);
    expect(await member.db.runFolders.get(run.id)).toBeUndefined();
  });

  it("keeps the server's read_only refusal as a dead letter in its words (an editor made viewer meanwhile)", async () => {
    const { member, run } = await sharedWorld(7, 'editor');
    const written = await write(member, run.id, 'Book the hostel');
    world.server.members.add(run.id, MEMBER, 'viewer');
    await member.engine.syncNow();
    const letters = await listDeadLetters(member.db);
    expect(letters.map((l) => [l.code, l.message])).toEqual([['read_only', '"Trip plan" is shared with you to read: its owner has not let you change it']]);
    expect(deadLetterText(letters[0]!)).toBe(written.content);
    expect(await member.db.outbox.count()).toBe(0);
    expect((await getRun(member.db, run.id))!.run.shared?.role).toBe('viewer');
  });
});

describe('removal', () => {
  it("takes the run, its messages and search entries off the member's device, queuing nothing", async () => {
    const { owner, member, run } = await sharedWorld(8, 'viewer');
    await member.db.indexNow();
    expect((await searchRuns(member.db, 'Perrache')).map((h) => h.runId)).toEqual([run.id]);
    world.server.members.remove(run.id, MEMBER, new Date(world.now()).toISOString());
    await member.engine.syncNow();
    expect(await member.db.runs.get(run.id)).toBeUndefined();
    expect(await messagesOfRun(member.db.messages, run.id).count()).toBe(0);
    await member.db.indexNow();
    expect(await searchRuns(member.db, 'Perrache')).toEqual([]);
    expect(await member.db.outbox.count()).toBe(0);
    expect(await listDeadLetters(member.db)).toEqual([]);
    expect(await listSharedRuns(member.db)).toEqual([]);
    // The owner's run lives on.
    await owner.engine.syncNow();
    expect((await getRun(owner.db, run.id))!.messages).toHaveLength(2);
  });

  for (const order of ['pull-first', 'push-first'] as const) {
    it(`keeps an editor's unsent text in a membership_removed dead letter (${order})`, async () => {
      const { member, run } = await sharedWorld(order === 'pull-first' ? 9 : 10, 'editor');
      const a = await write(member, run.id, 'Book the night train');
      const b = await write(member, run.id, 'and a hotel near the station');
      world.server.members.remove(run.id, MEMBER, new Date(world.now()).toISOString());
      if (order === 'pull-first') await applyPull(member.db, world.server.as(MEMBER).pull({ since: null, max_rows: 1000, protocol: 3 }));
      await member.engine.syncNow();
      await member.engine.syncNow();
      expect(await member.db.runs.get(run.id)).toBeUndefined();
      const letters = await listDeadLetters(member.db);
      expect(letters.map((l) => [l.code, l.message])).toEqual([['membership_removed', 'Your changes to "Trip plan" were not saved: its owner removed you from this run']]);
      expect(deadLetterText(letters[0]!)).toBe(`${a.content}\n\n${b.content}`);
      expect(await member.db.outbox.count()).toBe(0);
      expect(await member.db.messages.count()).toBe(0);
    });
  }
});

describe('removals in one page', () => {
  it("keep each run's unsent text, reading the outbox once for the page, not once per run", async () => {
    const { owner, member, run } = await sharedWorld(16, 'editor');
    const more = [await ownerRun(owner, 'Second plan'), await ownerRun(owner, 'Third plan')];
    await owner.engine.syncNow();
    for (const r of more) world.server.members.add(r.id, MEMBER, 'editor');
    await member.engine.syncNow();
    const runs = [run, ...more];
    for (const r of runs) await write(member, r.id, `Unsent line for ${r.name}`);
    for (const r of runs) world.server.members.remove(r.id, MEMBER, new Date(world.now()).toISOString());
    const page = world.server.as(MEMBER).pull({ since: null, max_rows: 1000, protocol: 3 });
    expect(page.removed_runs?.map((r) => r.id).sort()).toEqual(runs.map((r) => r.id).sort());
    const scans = vi.spyOn(member.db.outbox, 'filter');
    await applyPull(member.db, page);
    expect(scans).toHaveBeenCalledTimes(1);
    const letters = await listDeadLetters(member.db);
    expect(letters.map(deadLetterText).sort()).toEqual(runs.map((r) => `Unsent line for ${r.name}`).sort());
    expect(await member.db.outbox.count()).toBe(0);
    expect(await member.db.runs.count()).toBe(0);
  });
});

describe('a shared run deleted forever by its owner', () => {
  for (const order of ['pull-first', 'push-first'] as const) {
    it(`keeps an editor's unsent text in a dead letter, not in a run that could not sync (${order})`, async () => {
      const { owner, member, run } = await sharedWorld(order === 'pull-first' ? 14 : 15, 'editor');
      const written = await write(member, run.id, 'Book the night train');
      unwrap(await deleteRun(owner.db, run.id));
      unwrap(await purgeRun(owner.db, run.id));
      await owner.engine.syncNow();
      if (order === 'pull-first') await applyPull(member.db, world.server.as(MEMBER).pull({ since: null, max_rows: 1000, protocol: 3 }));
      await member.engine.syncNow();
      await member.engine.syncNow();
      expect((await member.db.runs.toArray()).map((r) => r.name)).toEqual(['Deleted run']);
      const letters = await listDeadLetters(member.db);
      expect(letters.map((l) => [l.code, l.message])).toEqual([['run_purged', 'Your changes to "Trip plan" were not saved: its owner deleted it forever']]);
      expect(deadLetterText(letters[0]!)).toBe(written.content);
      expect(await member.db.outbox.count()).toBe(0);
      expect(await listSharedRuns(member.db)).toEqual([]);
    });
  }
});

describe('malformed rows from the server', () => {
  it('parks a run with a malformed `shared`, a message with a bad author and a bad removal, and applies the rest', async () => {
    world = createTestWorld(11);
    const device = world.addDevice('d');
    const mine = await ownerRun(device, 'Mine');
    const base = { prompt_id: crypto.randomUUID(), user_id: 'someone', name: 'Odd', created_at: new Date(world.now()).toISOString(), updated_at: new Date(world.now()).toISOString(), last_message_at: new Date(world.now()).toISOString() };
    const counts = await applyPull(device.db, {
      protocol: 3, cursor: '5;k', has_more: false, server_time: new Date(world.now()).toISOString(), prompts: [],
      runs: [{ ...base, id: crypto.randomUUID(), shared: { role: 'admin', owner_email: 'x@example.test', people: [] } } as never],
      messages: [{ ...makeMessage(mine.id, 'user', 'x', null), run_id: mine.id, authorId: 42 } as never],
      removed_runs: [{ id: mine.id, removed_at: new Date(world.now()).toISOString() }, { removed_at: 'yesterday' } as never],
    });
    expect(counts.invalid).toBe(4);
    expect(counts.removed).toBe(0);
    const letters = await listDeadLetters(device.db);
    expect(letters.map((l) => l.label).sort()).toEqual(['A message in run “Mine”', 'A removal from a shared run', 'Removal from shared run “Mine”', 'Run “Odd”']);
    expect(letters.find((l) => l.label === 'Run “Odd”')!.message).toMatch(/shared\.role/);
    // Nothing lost: the own run named in a removal stays, with its messages.
    expect((await getRun(device.db, mine.id))!.messages).toHaveLength(2);
  });
});
