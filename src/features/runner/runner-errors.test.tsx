// @vitest-environment jsdom
// Provider failures in the conversation: the LlmError's message as an alert, the user's message kept,
// and Retry resending it. The LLM layer is replaced so each test decides how the model fails.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LlmError, type ChatRequest, type StreamEvent } from '@/lib/llm/types';
import { addPrompt, freshDb, installLayout, renderApp } from './test/render-app';

const behaviour = vi.hoisted(() => ({ fail: [] as Array<'auth' | 'stream_dropped'> }));

vi.mock('@/lib/llm/stream-chat', () => ({
  async *streamChat(request: ChatRequest): AsyncGenerator<StreamEvent> {
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
