// @vitest-environment jsdom
// Provider failures in the conversation: the LlmError's message as an alert, the user's message kept,
// and Retry resending it. The LLM layer is replaced so each test decides how the model fails.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LlmError, type ChatRequest, type StreamEvent } from '@/lib/llm/types';
import { saveProvider } from '@/lib/llm/providers-store';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';

const behaviour = vi.hoisted(() => ({ fail: [] as Array<'auth' | 'stream_dropped'>, requests: [] as Array<{ provider: string; model: string; temperature: number | undefined; messages: unknown[] }> }));

vi.mock('@/lib/llm/stream-chat', () => ({
  async *streamChat(request: ChatRequest): AsyncGenerator<StreamEvent> {
    behaviour.requests.push({ provider: request.provider.id, model: request.model, temperature: request.temperature, messages: request.messages });
    const failure = behaviour.fail.shift();
    if (failure === 'auth') throw new LlmError('auth', 'OpenAI rejected the API key (401). Check the key in Settings.', 401);
    const last = request.messages[request.messages.length - 1]?.content ?? '';
    yield { type: 'text', text: 'Reply to ' };
    if (failure === 'stream_dropped') {
      throw new LlmError('stream_dropped', 'The connection to OpenAI dropped before the reply finished. Retry to try again.');
    }
    yield { type: 'text', text: last };
    yield { type: 'usage', tokens: 2 };
  },
}));

let restoreLayout: () => void;
beforeAll(() => {
  restoreLayout = installLayout();
});
afterAll(() => restoreLayout());
afterEach(() => cleanup());

async function openRunner() {
  const db = freshDb();
  const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
  const user = userEvent.setup();
  renderApp(db, `/ai/prompts/run/${prompt.id}`);
  await screen.findByRole('textbox', { name: 'Message' }, { timeout: 10_000 });
  return { db, user };
}

describe('runner: provider errors', () => {
  it('a rejected key shows the error, keeps the message, and Retry resends it', async () => {
    const { db, user } = await openRunner();
    behaviour.fail = ['auth'];
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'hello there');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('OpenAI rejected the API key (401). Check the key in Settings.');
    expect(screen.getByRole('article', { name: 'You message' })).toHaveTextContent('hello there');
    await screen.findByText('Saved');

    await user.click(screen.getByRole('button', { name: 'Retry' }));
    const reply = await screen.findByText('Reply to hello there');
    expect(within(reply.closest('article')!).getByText('2 / 2')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const stored = (await db.messages.toArray()).filter((m) => m.role === 'assistant').map((m) => m.status).sort();
    expect(stored).toEqual(['done', 'error']);
  });

  it('a dropped stream keeps the partial text and says what happened', async () => {
    const { db, user } = await openRunner();
    behaviour.fail = ['stream_dropped'];
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'long question');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('dropped before the reply finished');
    expect(screen.getByRole('article', { name: 'Assistant message' })).toHaveTextContent('Reply to');
    await screen.findByText('Saved');
    const reply = (await db.messages.toArray()).find((m) => m.role === 'assistant')!;
    expect(reply).toMatchObject({ status: 'error', content: 'Reply to ' });
    expect(reply.metadata?.error).toMatch(/dropped/);
  });
});

describe('runner: model choice and settings snapshot', () => {
  it('a new run uses the model picked for it; resumed later, it keeps that snapshot although the prompt changed', async () => {
    const db = freshDb();
    const saved = await saveProvider(db, { id: 'local', kind: 'openai-compatible', name: 'Local', baseUrl: 'http://127.0.0.1:9/v1', models: ['tiny'] });
    expect(saved.ok).toBe(true);
    const prompt = await addPrompt(db, { user_template: '', system_message: 'Be {{tone}}.', variables: [{ name: 'tone', default_value: 'brief' }], settings: { provider: 'echo', model_id: 'echo', temperature: 0.2 } });
    const user = userEvent.setup();
    behaviour.requests = [];
    const first = renderApp(db, `/ai/prompts/run/${prompt.id}`);
    const model = await screen.findByRole('combobox', { name: 'Model' });
    await screen.findByRole('option', { name: 'tiny' });
    await user.selectOptions(model, 'local:tiny');
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'first');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Saved');
    expect(behaviour.requests.at(-1)).toEqual({
      provider: 'local',
      model: 'tiny',
      temperature: 0.2,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'first' }],
    });
    const [run] = await db.runs.toArray();
    expect(run!.settings).toEqual({ provider: 'local', model_id: 'tiny', temperature: 0.2, model_label: 'tiny · Local' });
    first.unmount();

    await db.prompts.update(prompt.id, { settings: { provider: 'echo', model_id: 'echo', temperature: 1 }, system_message: 'Be loud.' });
    renderApp(db, `/ai/prompts/run/${prompt.id}/${run!.id}`);
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'second');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(behaviour.requests).toHaveLength(2));
    expect(behaviour.requests[1]).toMatchObject({ provider: 'local', model: 'tiny', temperature: 0.2 });
    expect(behaviour.requests[1]!.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(screen.getAllByText(/tiny · Local/)[0]).toBeInTheDocument();
  });
});
