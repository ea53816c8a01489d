// The count people read: the branch on screen, without the system message or a reply still streaming,
// kept on every save, every version switch, every pull and every import, and the same on every device.
import { afterEach, describe, expect, it } from 'vitest';
import { createRun, getRun, setCurrentLeaf, updateRun } from './runs';
import { exportRuns, importRuns } from './export-import';
import { createPrompt } from './prompts';
import { queryRuns } from './run-queries';
import { freshDb, makeMessage } from '../test-support';
import { createTestWorld, type TestWorld } from '../engine/test-world';
import type { PromptRunsDB } from '../db';
import type { Message } from '../model';

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

/** system → question → answer, as the runner makes a run. */
async function threeMessageRun(db: PromptRunsDB, promptId = 'p1') {
  const system = makeMessage('', 'system', 'You are brief.', null);
  const question = makeMessage('', 'user', 'What is a haiku?', system.id);
  const answer = makeMessage('', 'assistant', 'A short poem.', question.id);
  const made = await createRun(db, promptId, { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages: [system, question, answer] });
  if (!made.ok) throw made.error;
  return { run: made.value, system, question, answer };
}

const stored = async (db: PromptRunsDB, id: string) => (await db.runs.get(id))!;

describe('visible message count', () => {
  it('counts the branch on screen without the system message, and follows each save', async () => {
    const db = freshDb();
    const { run, question, answer } = await threeMessageRun(db);
    expect(run.message_count).toBe(3);
    expect(run.visible_message_count).toBe(2);

    // Another exchange: the user message as sent, the reply streamed (not counted), then completed.
    const next = makeMessage(run.id, 'user', 'Another?', answer.id);
    await updateRun(db, run.id, { append: [next], current_leaf_id: next.id });
    expect((await stored(db, run.id)).visible_message_count).toBe(3);
    const reply = makeMessage(run.id, 'assistant', 'Yes.', next.id);
    await db.messages.put({ ...reply, status: 'streaming' });
    await updateRun(db, run.id, { append: [reply], current_leaf_id: reply.id });
    expect((await stored(db, run.id)).visible_message_count).toBe(4);

    // Edit and resend the first question: a new branch of two (question, answer) after the system message.
    const edited = makeMessage(run.id, 'user', 'What is a tanka?', question.parentId);
    await updateRun(db, run.id, { append: [edited], current_leaf_id: edited.id });
    expect((await stored(db, run.id)).visible_message_count).toBe(1);
    const editedReply = makeMessage(run.id, 'assistant', 'A longer poem.', edited.id);
    await updateRun(db, run.id, { append: [editedReply], current_leaf_id: editedReply.id });
    const branched = await stored(db, run.id);
    expect(branched.visible_message_count).toBe(2);
    expect(branched.message_count).toBe(7);

    // Back to the first version: its branch of four.
    await setCurrentLeaf(db, run.id, reply.id);
    expect((await stored(db, run.id)).visible_message_count).toBe(4);
  });

  it('a retry replaces the answer on screen: the count stays', async () => {
    const db = freshDb();
    const { run, question } = await threeMessageRun(db);
    const retry = makeMessage(run.id, 'assistant', 'Seventeen syllables.', question.id);
    await updateRun(db, run.id, { append: [retry], current_leaf_id: retry.id });
    expect((await stored(db, run.id)).visible_message_count).toBe(2);
  });

  it('is filled in for rows written before it was kept, and "Most messages" sorts by it', async () => {
    const db = freshDb();
    const long = await threeMessageRun(db);
    // Three versions of one answer: six stored messages, two visible.
    for (const text of ['b', 'c', 'd']) {
      const v = makeMessage(long.run.id, 'assistant', text, long.question.id);
      await updateRun(db, long.run.id, { append: [v], current_leaf_id: v.id });
    }
    const plain = await threeMessageRun(db);
    const q2 = makeMessage(plain.run.id, 'user', 'More?', plain.answer.id);
    const a2 = makeMessage(plain.run.id, 'assistant', 'More.', q2.id);
    await updateRun(db, plain.run.id, { append: [q2, a2], current_leaf_id: a2.id });
    // An old row: no visible count stored.
    const { visible_message_count: _gone, ...legacy } = await stored(db, long.run.id);
    await db.runs.put(legacy);

    const page = await queryRuns(db, { view: 'active', sort: 'messages', limit: 20, promptId: 'p1' });
    expect(page.entries.map((e) => [e.run.id, e.run.visible_message_count])).toEqual([
      [plain.run.id, 4],
      [long.run.id, 2],
    ]);
    const recent = await queryRuns(db, { view: 'active', sort: 'recent', limit: 20, promptId: 'p1' });
    expect(recent.entries.find((e) => e.run.id === long.run.id)?.run.visible_message_count).toBe(2);
  });

  it('is derived on import', async () => {
    const source = freshDb();
    const prompt = await createPrompt(source, { name: 'P' });
    if (!prompt.ok) throw prompt.error;
    const { run } = await threeMessageRun(source, prompt.value.id);
    const file = JSON.stringify(await exportRuns(source, [run.id]));
    const target = freshDb();
    const result = await importRuns(target, file);
    expect(result.ok).toBe(true);
    expect((await stored(target, run.id)).visible_message_count).toBe(2);
  });

  it('is the same on a device that received the run and its branch switch through sync', async () => {
    world = createTestWorld(5);
    const a = world.addDevice('a');
    const b = world.addDevice('b');
    const prompt = await createPrompt(a.db, { name: 'P' });
    if (!prompt.ok) throw prompt.error;
    const { run, question } = await threeMessageRun(a.db, prompt.value.id);
    const versions: Message[] = [];
    for (const text of ['v2', 'v3']) {
      world.advance(1000);
      const v = makeMessage(run.id, 'assistant', text, question.id);
      versions.push(v);
      await updateRun(a.db, run.id, { append: [v], current_leaf_id: v.id });
    }
    const q = makeMessage(run.id, 'user', 'Next', versions[1]!.id);
    await updateRun(a.db, run.id, { append: [q], current_leaf_id: q.id });
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect((await stored(b.db, run.id)).visible_message_count).toBe(3);
    expect((await stored(a.db, run.id)).visible_message_count).toBe(3);

    // Switch to the first answer on device A: B follows with the count of that branch.
    world.advance(1000);
    await setCurrentLeaf(a.db, run.id, versions[0]!.id);
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect((await stored(a.db, run.id)).visible_message_count).toBe(2);
    expect((await stored(b.db, run.id)).visible_message_count).toBe(2);
    expect((await getRun(b.db, run.id))?.run.current_leaf_id).toBe(versions[0]!.id);
  });
});
