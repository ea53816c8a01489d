// @vitest-environment jsdom
// What a second device shows after a sync: the runner's "prompt has changed since" note for a run started
// on the first device before its prompt was edited, and a template's link back to the run it was saved from.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { createRun } from '@sync/store/runs';
import { updatePrompt } from '@sync/store/prompts';
import { saveRunAsTemplate } from '@sync/store/templates';
import { createTestWorld, type TestWorld } from '@sync/engine/test-world';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';

let restoreLayout: () => void;
let world: TestWorld | undefined;
beforeAll(async () => {
  restoreLayout = installLayout();
  await Promise.all([import('@/features/prompts/prompt-editor-page'), import('@/features/runner/runner-page')]);
});
afterAll(() => restoreLayout());
afterEach(async () => {
  cleanup();
  await world?.dispose();
});

const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: Error }): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

describe('after a sync, another device', () => {
  it('says the prompt changed since a run started, and links a template to the run it came from', async () => {
    world = createTestWorld(41);
    const a = world.addDevice('a');
    const b = world.addDevice('b');
    const prompt = await addPrompt(a.db, { name: 'Greet', user_template: 'Hello {{topic}}', system_message: '', variables: [{ name: 'topic', default_value: 'x' }] });
    const run = ok(await createRun(a.db, prompt.id, {
      name: 'Morning run', variable_values: { topic: 'x' }, settings: prompt.settings,
      messages: [{ id: crypto.randomUUID(), runId: '', parentId: null, role: 'user', content: 'Hello x', status: 'done', createdAt: new Date(world.now()).toISOString() }],
    }));
    world.advance(1000);
    ok(await updatePrompt(a.db, prompt.id, { user_template: 'Goodbye {{topic}}' }));
    const template = ok(await saveRunAsTemplate(a.db, run.id));
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(await b.engine.syncNow()).toMatchObject({ ok: true });

    const runner = renderApp(b.db, `/ai/prompts/run/${prompt.id}/${run.id}`);
    await screen.findByRole('article', { name: /You message/ });
    expect(await screen.findByText('The prompt has changed since this run started.')).toBeInTheDocument();
    runner.unmount();

    renderApp(b.db, `/ai/prompts/${template.id}/edit`);
    const link = await screen.findByRole('link', { name: 'Morning run' });
    expect(link).toHaveAttribute('href', `/ai/prompts/run/${prompt.id}/${run.id}`);
    expect(link.closest('p')).toHaveTextContent('Saved from the run Morning run');
  });
});
