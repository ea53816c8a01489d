import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { setTimeSource } from '../clock';
import {
  archiveRun,
  checkpointMessage,
  createRun,
  deleteRun,
  describeRun,
  getRun,
  listRunsForPrompt,
  renameRun,
  restoreRun,
  starRun,
  updateRun,
} from './runs';
import { listOutbox } from './outbox';

const settings = { provider: 'echo', model_id: 'echo', temperature: 0.5 };
let db: PromptRunsDB;
let now = Date.parse('2026-01-01T10:00:00Z');
let restoreClock: () => void;

beforeEach(() => {
  db = freshDb();
  now = Date.parse('2026-01-01T10:00:00Z');
  restoreClock = setTimeSource(() => now);
});
afterEach(async () => {
  restoreClock();
  db.close();
});

async function newRun(first = 'Hello there') {
  const user = makeMessage('pending', 'user', first, null);
  const result = await createRun(db, 'prompt-1', { variable_values: { topic: 'x' }, settings, messages: [user] });
  if (!result.ok) throw result.error;
  return { run: result.value, user };
}

describe('createRun', () => {
  it('stores the run, its first message and outbox entries together, named from the first message', async () => {
    const { run, user } = await newRun('Plan a trip to Lisbon');
    expect(run.name).toBe('Plan a trip to Lisbon');
    expect(run.message_count).toBe(1);
    expect(run.current_leaf_id).toBe(user.id);
    const loaded = await getRun(db, run.id);
    expect(loaded?.messages.map((m) => m.content)).toEqual(['Plan a trip to Lisbon']);
    expect(loaded?.messages[0]?.runId).toBe(run.id);
    const outbox = await listOutbox(db);
    expect(outbox.map((e) => e.key).sort()).toEqual([`messages:${user.id}`, `runs:${run.id}`].sort());
    expect(outbox.find((e) => e.table === 'runs')?.isNew).toBe(true);
  });

  it('keeps a settings snapshot that later edits of the source object do not change', async () => {
    const own = { ...settings };
    const result = await createRun(db, 'p', { variable_values: {}, settings: own });
    own.temperature = 2;
    expect(result.ok && result.value.settings.temperature).toBe(0.5);
  });

  it('writes nothing when the transaction fails', async () => {
    const user = makeMessage('x', 'user', 'hi', null);
    // A message with a non-string id makes IndexedDB reject the write inside the transaction.
    const bad = { ...makeMessage('x', 'assistant', 'boom', user.id), id: undefined as unknown as string };
    const result = await createRun(db, 'p', { variable_values: {}, settings, messages: [user, bad] });
    expect(result.ok).toBe(false);
    expect(await db.runs.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('updateRun', () => {
  it('appends an exchange, updating count, preview and last_message_at', async () => {
    const { run, user } = await newRun();
    now += 60_000;
    const reply = makeMessage(run.id, 'assistant', 'General Kenobi', user.id);
    const result = await updateRun(db, run.id, { append: [reply], current_leaf_id: reply.id });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.message_count).toBe(2);
    expect(result.value.last_message_preview).toBe('General Kenobi');
    expect(result.value.last_message_at).toBe('2026-01-01T10:01:00.000Z');
    expect(result.value.field_updated_at.current_leaf_id).toBe('2026-01-01T10:01:00.000Z');
    expect(result.value.field_updated_at.name).toBe('2026-01-01T10:00:00.000Z');
  });

  it('counts a checkpointed reply once when it completes', async () => {
    const { run, user } = await newRun();
    const reply = makeMessage(run.id, 'assistant', 'partial', user.id, { status: 'streaming' });
    await checkpointMessage(db, reply);
    expect((await listOutbox(db)).some((e) => e.rowId === reply.id)).toBe(false);
    const done = await updateRun(db, run.id, { append: [{ ...reply, content: 'partial and more', status: 'done' }] });
    expect(done.ok && done.value.message_count).toBe(2);
    const again = await updateRun(db, run.id, { append: [{ ...reply, content: 'partial and more', status: 'done' }] });
    expect(again.ok && again.value.message_count).toBe(2);
    expect((await listOutbox(db)).some((e) => e.rowId === reply.id)).toBe(true);
  });

  it('reports a missing run as not_found', async () => {
    const result = await updateRun(db, 'nope', { append: [] });
    expect(!result.ok && result.error.reason).toBe('not_found');
  });
});

describe('metadata mutations', () => {
  it('rename, star, describe, archive, delete and restore each change one field and coalesce in the outbox', async () => {
    const { run } = await newRun();
    await renameRun(db, run.id, '  Café ☕ & <b>"quotes"</b>  ');
    await starRun(db, run.id, true);
    await describeRun(db, run.id, 'Notes');
    await archiveRun(db, run.id);
    await deleteRun(db, run.id);
    const loaded = (await getRun(db, run.id))!.run;
    expect(loaded.name).toBe('Café ☕ & <b>"quotes"</b>');
    expect(loaded.is_starred).toBe(true);
    expect(loaded.description).toBe('Notes');
    expect(loaded.status).toBe('deleted');
    expect(await listRunsForPrompt(db, 'prompt-1')).toEqual([]);
    await restoreRun(db, run.id);
    expect((await listRunsForPrompt(db, 'prompt-1')).map((r) => r.id)).toEqual([run.id]);
    const entries = (await listOutbox(db)).filter((e) => e.table === 'runs');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.fields).toEqual(expect.arrayContaining(['name', 'is_starred', 'description', 'status']));
  });

  it('refuses an empty name and keeps the old one', async () => {
    const { run } = await newRun('Keep me');
    const result = await renameRun(db, run.id, '   ');
    expect(!result.ok && result.error.reason).toBe('invalid_input');
    expect((await getRun(db, run.id))!.run.name).toBe('Keep me');
  });
});

describe('reading back', () => {
  it('skips a corrupt message and a corrupt run instead of failing', async () => {
    const { run } = await newRun();
    await db.messages.put({ id: 'bad', runId: run.id, role: 'wizard', createdAt: '2026-01-01T10:00:00Z' } as never);
    await db.runs.put({ id: 'broken', prompt_id: 'prompt-1', status: 'active', last_message_at: 'not a date' } as never);
    const loaded = await getRun(db, run.id);
    expect(loaded?.messages).toHaveLength(1);
    expect(loaded?.corrupt).toBe(1);
    expect(await getRun(db, 'broken')).toBeNull();
    expect((await listRunsForPrompt(db, 'prompt-1')).map((r) => r.id)).toEqual([run.id]);
  });

  it('turns a reply left streaming by a crash into an interrupted one and queues it', async () => {
    const { run, user } = await newRun();
    const reply = makeMessage(run.id, 'assistant', 'half a rep', user.id, { status: 'streaming' });
    await checkpointMessage(db, reply);
    const byId = (r: Awaited<ReturnType<typeof getRun>>) => r!.messages.find((m) => m.id === reply.id)!;
    expect(byId(await getRun(db, run.id)).status).toBe('streaming');
    now += 10_000;
    const loaded = await getRun(db, run.id);
    expect(byId(loaded).status).toBe('interrupted');
    expect(byId(loaded).content).toBe('half a rep');
    expect((await db.messages.get(reply.id))!.status).toBe('interrupted');
    expect((await listOutbox(db)).some((e) => e.rowId === reply.id)).toBe(true);
    // The branch on screen ends with it (exports and counts follow the run's leaf); its time stays its own.
    expect(loaded!.run.current_leaf_id).toBe(reply.id);
    expect(loaded!.run.visible_message_count).toBe(2);
    expect(loaded!.run.last_message_at).toBe(reply.createdAt);
  });

  it('leaves a reply that is still being checkpointed alone, however long ago it started', async () => {
    const { run, user } = await newRun();
    const reply = makeMessage(run.id, 'assistant', 'long answer', user.id, { status: 'streaming' });
    now += 60_000; // a minute into the stream, checkpointed just now (another tab opens the run)
    await checkpointMessage(db, reply);
    now += 1_000;
    const loaded = await getRun(db, run.id);
    expect(loaded!.messages.find((m) => m.id === reply.id)!.status).toBe('streaming');
    expect((await listOutbox(db)).some((e) => e.rowId === reply.id)).toBe(false);
  });

  it('lists a prompt\'s runs newest activity first, and no other prompt\'s', async () => {
    const a = await newRun('first');
    now += 1000;
    const b = await newRun('second');
    now += 1000;
    await createRun(db, 'prompt-2', { variable_values: {}, settings }); // another prompt's run: not listed
    now += 1000;
    await updateRun(db, a.run.id, { append: [makeMessage(a.run.id, 'assistant', 'reply', a.user.id)] });
    expect((await listRunsForPrompt(db, 'prompt-1')).map((r) => r.name)).toEqual(['first', 'second']);
    expect(b.run.prompt_id).toBe('prompt-1');
  });
});
