// What the server would refuse is refused on the device, before anything is queued: JSON nested too deep
// or too large, text with a NUL or half a surrogate pair, a message over 256 KiB. The person gets a reason;
// nothing is half-written. A model's reply is mended instead (it cannot be typed again).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createPrompt, updatePrompt } from './prompts';
import { createRun, describeRun, getRun, renameRun, updateRun } from './runs';

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i += 1) value = { inner: value };
  return value;
}

async function runWithPrompt() {
  const prompt = await createPrompt(db, { name: 'p' });
  if (!prompt.ok) throw prompt.error;
  const run = await createRun(db, prompt.value.id, { variable_values: {}, settings: prompt.value.settings });
  if (!run.ok) throw run.error;
  return run.value;
}

describe('checks before saving', () => {
  it('refuses settings nested 10,000 deep with a reason, and queues nothing', async () => {
    const made = await createPrompt(db, { name: 'deep', settings: { provider: 'echo', model_id: 'echo', extra: nested(10_000) } });
    expect(made).toMatchObject({ ok: false, error: { reason: 'invalid_input', message: 'The model settings of this prompt are nested more than 32 levels deep, more than sync accepts.' } });
    expect(await db.prompts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a NUL or a lone surrogate in what a person typed, and leaves the row as it was', async () => {
    const run = await runWithPrompt();
    const queued = await db.outbox.count();
    expect(await renameRun(db, run.id, 'bad\u0000name')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/character that cannot be saved/) } });
    expect(await describeRun(db, run.id, 'half an emoji \ud83d')).toMatchObject({ ok: false });
    const broken = makeMessage(run.id, 'user', 'half an emoji \udc00 here', null);
    expect(await updateRun(db, run.id, { append: [broken] })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^The message contains a character/) } });
    const prompt = (await db.prompts.toArray())[0]!;
    expect(await updatePrompt(db, prompt.id, { user_template: 'Say \u0000' })).toMatchObject({ ok: false });
    expect((await getRun(db, run.id))?.run).toMatchObject({ name: run.name, description: '', message_count: 0 });
    expect(await db.messages.count()).toBe(0);
    expect(await db.outbox.count()).toBe(queued);
  });

  it('refuses a message over 256 KiB and variable values too large in all', async () => {
    const run = await runWithPrompt();
    const big = makeMessage(run.id, 'user', 'é'.repeat(140_000), null); // 280 KB in UTF-8
    expect(await updateRun(db, run.id, { append: [big] })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/larger than 256 KB/) } });
    const prompt = (await db.prompts.toArray())[0]!;
    const values = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`v${i}`, 'x'.repeat(70_000)]));
    expect(await createRun(db, prompt.id, { variable_values: values, settings: prompt.settings })).toMatchObject({ ok: false, error: { message: 'The variable values of this run are larger than 256 KB, more than sync accepts.' } });
    // Each value under the limit, but the run's values together over what one change may carry.
    const settings = { ...prompt.settings, notes: 'x'.repeat(250_000) };
    const total = await createRun(db, prompt.id, { name: 'n'.repeat(250_000), variable_values: { a: 'x'.repeat(250_000) }, settings });
    expect(total).toMatchObject({ ok: false, error: { message: 'This run is larger than 512 KB in all, more than sync accepts.' } });
  });

  it('mends a model\'s reply instead of losing it: unstorable characters become U+FFFD', async () => {
    const run = await runWithPrompt();
    const reply = makeMessage(run.id, 'assistant', 'odd \u0000 bytes \ud800 here', null);
    expect((await updateRun(db, run.id, { append: [reply] })).ok).toBe(true);
    expect((await db.messages.get(reply.id))?.content).toBe('odd \ufffd bytes \ufffd here');
  });
});
