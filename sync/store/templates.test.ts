import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createPrompt, updatePrompt } from './prompts';
import { createRun } from './runs';
import { saveRunAsTemplate } from './templates';
import { listOutbox } from './outbox';

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

async function seedRun(values = { city: 'Lisbon', days: '3' }) {
  const prompt = await createPrompt(db, {
    name: 'Trip planner',
    system_message: 'You plan trips for {{days}} days.',
    user_template: 'Plan a trip to {{city}}.',
    variables: [{ name: 'city', default_value: 'Paris', description: 'Where to' }, { name: 'days', default_value: '2' }],
    settings: { provider: 'openai', model_id: 'gpt-4o', temperature: 0.2, model_label: 'gpt-4o · OpenAI' },
  });
  if (!prompt.ok) throw prompt.error;
  const system = makeMessage('', 'system', `You plan trips for ${values.days} days.`, null);
  const user = makeMessage('', 'user', `Plan a trip to ${values.city}.`, system.id);
  const reply = makeMessage('', 'assistant', 'Day 1: …', user.id);
  const run = await createRun(db, prompt.value.id, {
    name: 'Lisbon weekend',
    variable_values: values,
    settings: { ...prompt.value.settings, temperature: 0.7, comparison_id: 'c-1' },
    messages: [system, user, reply],
  });
  if (!run.ok) throw run.error;
  return { prompt: prompt.value, run: run.value };
}

describe('Save as template', () => {
  it('keeps the prompt’s variables with the run’s values as defaults, the run’s model settings, and links back', async () => {
    const { run } = await seedRun();
    const saved = await saveRunAsTemplate(db, run.id);
    if (!saved.ok) throw saved.error;
    expect(saved.value).toMatchObject({
      name: 'Lisbon weekend (template)',
      system_message: 'You plan trips for {{days}} days.',
      user_template: 'Plan a trip to {{city}}.',
      variables: [
        { name: 'days', default_value: '3' },
        { name: 'city', default_value: 'Lisbon', description: 'Where to' },
      ],
      settings: { provider: 'openai', model_id: 'gpt-4o', temperature: 0.7, model_label: 'gpt-4o · OpenAI' },
      source_run_id: run.id,
    });
    expect(saved.value.settings.comparison_id).toBeUndefined();
    expect((await db.prompts.get(saved.value.id))?.source_run_id).toBe(run.id);
    expect((await listOutbox(db)).some((e) => e.key === `prompts:${saved.value.id}` && e.isNew)).toBe(true);
  });

  it('takes the run’s text as written when its prompt has changed since (or is gone)', async () => {
    const { prompt, run } = await seedRun();
    await updatePrompt(db, prompt.id, { user_template: 'Plan a road trip to {{city}}.' });
    const saved = await saveRunAsTemplate(db, run.id);
    if (!saved.ok) throw saved.error;
    expect(saved.value.user_template).toBe('Plan a trip to Lisbon.');
    expect(saved.value.system_message).toBe('You plan trips for {{days}} days.');
    expect(saved.value.variables).toEqual([{ name: 'days', default_value: '3' }]);
  });

  it('refuses a run with no messages, and a run that does not exist, in words', async () => {
    const prompt = await createPrompt(db, { name: 'Empty' });
    if (!prompt.ok) throw prompt.error;
    const run = await createRun(db, prompt.value.id, { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' } });
    if (!run.ok) throw run.error;
    const empty = await saveRunAsTemplate(db, run.value.id);
    expect(!empty.ok && empty.error.message).toMatch(/no messages yet/);
    const missing = await saveRunAsTemplate(db, 'nope');
    expect(!missing.ok && missing.error.reason).toBe('not_found');
  });
});
