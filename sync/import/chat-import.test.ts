import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../test-support';
import type { PromptRunsDB } from '../db';
import { activePath } from '../tree';
import { listOutbox } from '../store/outbox';
import { renameRun } from '../store/runs';
import { importChatExport } from './import-chat-export';
import { chatGptConversation, chatGptExport, claudeConversation } from './chat-export-fixtures';
import { importedPromptId } from './to-records';
import { messagesOfRun } from '../run-messages';

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

const file = (text: string) => new Blob([text], { type: 'application/json' });
async function imported(text: string, batchMessages?: number) {
  const result = await importChatExport(db, file(text), batchMessages ? { batchMessages } : {});
  if (!result.ok) throw result.error;
  return result.value;
}
const messagesOf = async (runId: string) => messagesOfRun(db.messages, runId).toArray();

describe('ChatGPT export', () => {
  it('brings each conversation in as a run of the Imported prompt, with its branches, times and models', async () => {
    const report = await imported(JSON.stringify([chatGptConversation(0, { branch: true, turns: 2 }), chatGptConversation(1)]));
    expect(report).toMatchObject({ source: 'chatgpt', added: 2, updated: 0, unchanged: 0, skipped: [], damaged: null });
    const prompt = await db.prompts.get(importedPromptId(db.name));
    expect(prompt?.name).toBe('Imported');
    const runs = await db.runs.toArray();
    expect(runs.map((r) => r.name).sort()).toEqual(['Conversation 0', 'Conversation 1']);
    const run = runs.find((r) => r.name === 'Conversation 0')!;
    expect(run.prompt_id).toBe(prompt!.id);
    const messages = await messagesOf(run.id);
    // The hidden system message and the empty root are left out: 2 turns + 1 regenerated answer.
    expect(messages).toHaveLength(5);
    expect(run.message_count).toBe(5);
    const question = messages.find((m) => m.content.startsWith('Question 0'))!;
    expect(question.parentId).toBeNull();
    expect(question.createdAt).toBe(new Date(Date.UTC(2025, 0, 1)).toISOString());
    const answers = messages.filter((m) => m.parentId === question.id);
    expect(answers.map((m) => m.content.split(':')[0]).sort()).toEqual(['Answer 0 of conversation 0', 'Regenerated answer 0 of conversation 0']);
    expect(answers.every((m) => m.role === 'assistant' && m.metadata?.modelId === 'gpt-4o' && m.metadata.modelName === 'gpt-4o · ChatGPT')).toBe(true);
    // The branch ChatGPT was showing is the run's current one.
    const path = activePath(messages, run.current_leaf_id);
    expect(path.map((m) => m.content.split(':')[0])).toEqual(['Question 0 of conversation 0', 'Answer 0 of conversation 0', 'Question 1 of conversation 0', 'Answer 1 of conversation 0']);
    expect(run.settings).toMatchObject({ provider: 'chatgpt', model_label: expect.stringContaining('ChatGPT') });
    expect(run.last_message_at).toBe(path[3]!.createdAt);
  });

  it('is idempotent: importing the same file again adds nothing and queues nothing', async () => {
    const text = chatGptExport(5, { branch: true });
    await imported(text);
    const [runs, messages, outbox] = await Promise.all([db.runs.count(), db.messages.count(), listOutbox(db)]);
    const again = await imported(text);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 5, messagesAdded: 0 });
    expect(await db.runs.count()).toBe(runs);
    expect(await db.messages.count()).toBe(messages);
    expect(await listOutbox(db)).toEqual(outbox);
  });

  it('a later export of a longer conversation adds only its new messages and overwrites nothing', async () => {
    await imported(JSON.stringify([chatGptConversation(0, { turns: 1 })]));
    const run = (await db.runs.toArray())[0]!;
    await renameRun(db, run.id, 'My own name');
    const report = await imported(JSON.stringify([chatGptConversation(0, { turns: 3 })]));
    expect(report).toMatchObject({ added: 0, updated: 1, messagesAdded: 4 });
    const after = (await db.runs.get(run.id))!;
    expect(after.name).toBe('My own name');
    expect(after.message_count).toBe(6);
    expect(await messagesOf(run.id)).toHaveLength(6);
  });

  it('reads conversation by conversation and reports conversations it cannot use, saying why', async () => {
    const looping = chatGptConversation(3);
    // A mapping whose parents loop: the loop is cut, nothing hangs.
    looping.mapping['q0-3']!.parent = 'a1-3';
    const text = JSON.stringify([chatGptConversation(0), { title: 'No mapping' }, 42, { title: 'Empty', mapping: { r: { id: 'r', message: null, parent: null, children: [] } }, create_time: 1 }, looping]);
    const report = await imported(text, 3);
    expect(report.added).toBe(2);
    expect(report.skipped).toEqual([
      '“No mapping”: it is neither a ChatGPT nor a Claude conversation.',
      'Conversation 3: it is neither a ChatGPT nor a Claude conversation.',
      '“Empty”: it has no messages with text.',
    ]);
    const loopRun = (await db.runs.toArray()).find((r) => r.name === 'Conversation 3')!;
    expect((await messagesOf(loopRun.id)).some((m) => m.parentId === null)).toBe(true);
  });

  it('a file cut short keeps the conversations before the cut and says where it stopped', async () => {
    const text = chatGptExport(6);
    const report = await imported(text.slice(0, Math.floor(text.length * 0.7)), 4);
    expect(report.added).toBeGreaterThan(0);
    expect(report.added).toBeLessThan(6);
    expect(report.damaged).toMatch(/damaged or cut short after \d+ conversations/);
  });

  it('refuses what is not a chat export without writing anything', async () => {
    for (const text of ['{"format":"prompt-runs-export"}', '   ', '']) {
      const result = await importChatExport(db, file(text));
      expect(result.ok).toBe(false);
    }
    const broken = await importChatExport(db, file('[{"mapping": '));
    expect(broken.ok && broken.value.damaged).toMatch(/damaged/);
    expect(await db.prompts.count()).toBe(0);
    expect(await db.runs.count()).toBe(0);
  });

  it('cuts a message longer than the app keeps and counts it', async () => {
    const big = chatGptConversation(0, { turns: 1 });
    const answer = big.mapping['a0-0']!.message as { content: { parts: string[] } };
    answer.content.parts = ['x'.repeat(300 * 1024) + '\u0000'];
    const report = await imported(JSON.stringify([big]));
    expect(report.truncated).toBe(1);
    const long = (await db.messages.toArray()).find((m) => m.role === 'assistant')!;
    expect(new TextEncoder().encode(long.content).length).toBeLessThanOrEqual(256 * 1024);
    expect(long.content).toContain('cut on import');
  });

  it('says why when storing a batch fails, keeps whole conversations, and importing again adds the rest', async () => {
    const bulkPut = db.messages.bulkPut.bind(db.messages);
    let calls = 0;
    db.messages.bulkPut = ((...args: Parameters<typeof bulkPut>) => (++calls === 2 ? Promise.reject(new Error('the disk went away')) : bulkPut(...args))) as typeof bulkPut;
    const text = chatGptExport(12);
    const failed = await importChatExport(db, file(text), { batchMessages: 40 });
    expect(failed.ok ? null : failed.error.message).toBe('Could not save on this device: the disk went away');
    const runs = await db.runs.toArray();
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.length).toBeLessThan(12);
    for (const run of runs) expect(await messagesOfRun(db.messages, run.id).count()).toBe(run.message_count);
    db.messages.bulkPut = bulkPut;
    const again = await importChatExport(db, file(text), { batchMessages: 40 });
    expect(again.ok && again.value.added).toBe(12 - runs.length);
    expect(await db.runs.count()).toBe(12);
  });

  it('stops between batches when cancelled, keeping what it stored', async () => {
    const controller = new AbortController();
    let batches = 0;
    const result = await importChatExport(db, file(chatGptExport(40)), {
      batchMessages: 20,
      signal: controller.signal,
      onProgress: (p) => {
        batches += 1;
        expect(p.bytesRead).toBeLessThanOrEqual(p.totalBytes);
        if (batches === 2) controller.abort();
      },
    });
    expect(result.ok && result.value.cancelled).toBe(true);
    const stored = await db.runs.count();
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(40);
  });
});

describe('Claude export', () => {
  it('keeps branches given by parent ids, and a line when there are none', async () => {
    const report = await imported(JSON.stringify([claudeConversation(0, { branched: true }), claudeConversation(1)]));
    expect(report).toMatchObject({ source: 'claude', added: 2, skipped: [] });
    const runs = await db.runs.toArray();
    const branched = runs.find((r) => r.name === 'Claude chat 0')!;
    const messages = await messagesOf(branched.id);
    expect(messages).toHaveLength(5);
    const question = messages.find((m) => m.content === 'Claude question 0 of 0')!;
    expect(messages.filter((m) => m.parentId === question.id)).toHaveLength(2);
    const line = await messagesOf(runs.find((r) => r.name === 'Claude chat 1')!.id);
    const roots = line.filter((m) => m.parentId === null);
    expect(roots).toHaveLength(1);
    expect(activePath(line, runs.find((r) => r.name === 'Claude chat 1')!.current_leaf_id)).toHaveLength(4);
    expect(line.map((m) => m.role).sort()).toEqual(['assistant', 'assistant', 'user', 'user']);
  });

  it('importing twice adds nothing', async () => {
    const text = JSON.stringify([claudeConversation(0, { branched: true })]);
    await imported(text);
    expect(await imported(text)).toMatchObject({ added: 0, unchanged: 1 });
  });
});
