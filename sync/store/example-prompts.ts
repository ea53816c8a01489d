// The prompts a newcomer finds on first start. Fixed ids, so two devices of one user seed the same rows.
import type { PromptRunsDB } from '../db';
import { addPrompts, newPrompt, type PromptInput } from './prompts';

const EXAMPLE_PROMPTS: Array<{ id: string; input: PromptInput }> = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    input: {
      name: 'Explain like I am new',
      description: 'A plain-language explanation of any topic, at the level you choose.',
      system_message: 'You are a patient teacher. Use short sentences and one concrete example.',
      user_template: 'Explain {{topic}} to someone who is {{audience}}.',
      variables: [
        { name: 'topic', default_value: 'how a service worker works' },
        { name: 'audience', default_value: 'a curious beginner' },
      ],
      settings: { provider: 'echo', model_id: 'echo', temperature: 0.7, max_tokens: 800 },
    },
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    input: {
      name: 'Polish my writing',
      description: 'Rewrite a paragraph in a given tone, keeping its meaning.',
      system_message: 'You are a careful editor. Keep the meaning; change only the style.',
      user_template: 'Rewrite this in a {{tone}} tone:\n\n{{text}}',
      variables: [
        { name: 'tone', default_value: 'friendly' },
        { name: 'text', default_value: '' },
      ],
      settings: { provider: 'echo', model_id: 'echo', temperature: 0.4, max_tokens: 600 },
    },
  },
  {
    id: '00000000-0000-4000-8000-000000000003',
    input: {
      name: 'Free chat',
      description: 'An open conversation with no template.',
      system_message: 'You are a helpful assistant.',
      user_template: '',
      variables: [],
      settings: { provider: 'echo', model_id: 'echo', temperature: 1, max_tokens: 1000 },
    },
  },
];

const EXAMPLES_KEY = 'examples-seeded';

/** Give a newcomer something to try: a few prompts, once per device database. */
export async function ensureExamplePrompts(db: PromptRunsDB): Promise<void> {
  const seeded = await db.meta.get(EXAMPLES_KEY);
  if (seeded) return;
  // One transaction of a few requests for all of them: it runs during a first start's first seconds.
  await db.transaction('rw', [db.prompts, db.outbox, db.meta, db.promptVersions], async () => {
    if (await db.meta.get(EXAMPLES_KEY)) return;
    await db.meta.put({ key: EXAMPLES_KEY, value: true });
    const here = await db.prompts.bulkGet(EXAMPLE_PROMPTS.map((example) => example.id));
    const added = EXAMPLE_PROMPTS.filter((_, i) => !here[i]).map((example) => {
      const made = newPrompt(db, example.input, example.id);
      if (!made.ok) throw made.error;
      return made.value;
    });
    await addPrompts(db, added);
  });
}
