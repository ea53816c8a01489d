// What a pull brings in: a row this app cannot read shows in the sync state (as a dead letter, kept as it
// arrived, retried after an update) instead of vanishing; a run's activity time and preview come out the
// same on every device and on the server, derived from the messages' own times.
import { afterEach, describe, expect, it } from 'vitest';
import { createPrompt } from '../store/prompts';
import { createRun, getRun, updateRun } from '../store/runs';
import { makeMessage } from '../test-support';
import type { PullResponse } from '../protocol';
import { applyPull } from './apply-pull';
import { createTestWorld, type TestWorld } from './test-world';

let world: TestWorld;
afterEach(async () => world?.dispose());

const page = (rows: Partial<PullResponse>): PullResponse => ({ protocol: 2, cursor: '9', has_more: false, server_time: new Date().toISOString(), prompts: [], runs: [], messages: [], ...rows });

describe('a pulled row this app cannot read', () => {
  it('is kept in the dead letters with what was wrong, named as a person knows it; Retry applies it once readable', async () => {
    world = createTestWorld(71);
    const a = world.addDevice('a');
    const broken = { id: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Weekly review', status: 'active', created_at: 'not a date', updated_at: '2026-01-01T00:00:00Z', field_updated_at: {} };
    const counts = await applyPull(a.db, page({ prompts: [broken as never] }));
    expect(counts.invalid).toBe(1);
    await a.engine.refreshState();
    const [letter] = a.engine.getState().deadLetters;
    expect(letter).toMatchObject({ label: 'Prompt “Weekly review”', code: 'invalid_row', received: { table: 'prompts', row: broken } });
    expect(letter!.message).toMatch(/cannot read \(created_at: not a date\)/);
    // A newer app (here: the row mended) reads it on Retry.
    const letterRow = (await a.db.meta.get(`sync.dead:${letter!.id}`))!;
    await a.db.meta.put({ ...letterRow, value: { ...(letterRow.value as object), received: { table: 'prompts', row: { ...broken, created_at: '2026-01-01T00:00:00Z' } } } });
    await a.engine.retryDeadLetter(letter!.id);
    await a.engine.refreshState();
    expect(a.engine.getState().deadLetters).toEqual([]);
    expect((await a.db.prompts.get(broken.id))?.name).toBe('Weekly review');
  });

  it('a bad message is named by its run, and the rest of the page still applies', async () => {
    world = createTestWorld(72);
    const a = world.addDevice('a');
    const prompt = await createPrompt(a.db, { name: 'p' });
    if (!prompt.ok) throw prompt.error;
    const run = await createRun(a.db, prompt.value.id, { name: 'Groceries', variable_values: {}, settings: prompt.value.settings });
    if (!run.ok) throw run.error;
    const good = { ...makeMessage(run.value.id, 'user', 'milk', null), run_id: run.value.id };
    const bad = { id: 'bad-1', run_id: run.value.id, role: 'wizard', content: 'eggs', createdAt: '2026-01-01T00:00:00Z' };
    await applyPull(a.db, page({ messages: [good, bad as never] }));
    await a.engine.refreshState();
    expect(a.engine.getState().deadLetters.map((l) => l.label)).toEqual(['A message in run “Groceries”']);
    expect((await getRun(a.db, run.value.id))?.messages.map((m) => m.content)).toEqual(['milk']);
  });
});

describe('a run\'s activity', () => {
  it('is the same on both devices and the server: the newest finished message\'s own time, not the save time', async () => {
    world = createTestWorld(73);
    const a = world.addDevice('a');
    const b = world.addDevice('b', {}, { skewMs: 300 });
    const prompt = await createPrompt(a.db, { name: 'p' });
    if (!prompt.ok) throw prompt.error;
    const runId = crypto.randomUUID();
    const question = makeMessage(runId, 'user', 'Why is the sky blue?', null);
    world.advance(1_200); // the reply finishes a little later; the save comes later still
    const answer = makeMessage(runId, 'assistant', 'Rayleigh  scattering.', question.id);
    world.advance(300);
    const run = await createRun(a.db, prompt.value.id, { variable_values: {}, settings: prompt.value.settings, messages: [question, answer] });
    if (!run.ok) throw run.error;
    await a.engine.syncNow();
    await b.engine.syncNow();
    world.advance(700);
    const more = makeMessage(run.value.id, 'user', 'And at sunset?', answer.id, { createdAt: b.clock.nowIso() });
    world.advance(400);
    await updateRun(b.db, run.value.id, { append: [more] });
    await b.engine.syncNow();
    await a.engine.syncNow();
    const expected = { last_message_at: more.createdAt, last_message_preview: 'And at sunset?' };
    expect((await a.db.runs.get(run.value.id))).toMatchObject(expected);
    expect((await b.db.runs.get(run.value.id))).toMatchObject(expected);
    expect(world.server.runs.get(run.value.id)?.row).toMatchObject(expected);
  });
});
