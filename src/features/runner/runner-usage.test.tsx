// @vitest-environment jsdom
// What a reply used, as a person reads it under the reply and in the run's header: the model's name,
// tokens in and out, cost from the price table (a price edit in Settings applies at once), estimates marked.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChatRequest, StreamEvent } from '@/lib/llm/types';
import { saveProvider } from '@/lib/llm/providers-store';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';

vi.mock('@/lib/llm/stream-chat', () => ({
  async *streamChat(request: ChatRequest): AsyncGenerator<StreamEvent> {
    yield { type: 'text', text: 'A reply of forty characters, more or le' };
    // 'gpt-4o-mini' reports usage as OpenAI does; 'quiet-model' reports none (estimated from the text).
    if (request.model === 'gpt-4o-mini') yield { type: 'usage', tokens: 1000, inputTokens: 2000 };
  },
}));

let restoreLayout: () => void;
beforeAll(async () => {
  restoreLayout = installLayout();
  await import('./runner-page');
});
afterAll(() => restoreLayout());
afterEach(() => cleanup());

async function runWith(model: string) {
  const db = freshDb();
  const saved = await saveProvider(db, { id: 'p-openai', kind: 'openai-compatible', name: 'OpenAI', baseUrl: 'http://127.0.0.1:9/v1', models: ['gpt-4o-mini', 'quiet-model'] });
  if (!saved.ok) throw saved.error;
  const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [], settings: { provider: 'p-openai', model_id: model } });
  const user = userEvent.setup();
  const view = renderApp(db, `/ai/prompts/run/${prompt.id}`);
  await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'Hello');
  await user.click(screen.getByRole('button', { name: 'Send' }));
  await screen.findByTestId('reply-usage');
  return { db, user, ...view };
}

describe('runner: usage and cost of each reply', () => {
  it('shows the model by name, reported tokens and their cost; a price edit in Settings changes the cost shown', async () => {
    const { user, router } = await runWith('gpt-4o-mini');
    const line = screen.getByTestId('reply-usage');
    // 2,000 × $0.15/M + 1,000 × $0.60/M = $0.0009.
    await waitFor(() => expect(line).toHaveTextContent('2,000 in · 1,000 out tokens · $0.0009'));
    expect(line).toHaveTextContent(/^gpt-4o-mini · OpenAI · first token/);
    expect(line).not.toHaveTextContent(/estimated|≈|p-openai/);
    expect(screen.getByTestId('run-usage')).toHaveTextContent('3,000 tokens · $0.0009');

    const back = router.state.location.pathname;
    await act(() => router.navigate('/settings'));
    const input = await screen.findByRole('textbox', { name: 'Input price of gpt-4o-mini' });
    await user.clear(input);
    await user.type(input, '1.5{Enter}');
    await screen.findByText('Saved the price of gpt-4o-mini.');
    await act(() => router.navigate(back));
    // 2,000 × $1.50/M + 1,000 × $0.60/M = $0.0036.
    await waitFor(() => expect(screen.getByTestId('reply-usage')).toHaveTextContent('$0.0036'));
    expect(screen.getByTestId('run-usage')).toHaveTextContent('$0.0036');
  });

  it('marks estimated tokens and the cost made from them when the provider reports no usage', async () => {
    const { db } = await runWith('quiet-model');
    const line = screen.getByTestId('reply-usage');
    // 39 characters of reply at four a token; no price for this model yet, so no cost.
    await waitFor(() => expect(line).toHaveTextContent('≈10 out tokens'));
    expect(line).toHaveTextContent('(estimated)');
    expect(line).not.toHaveTextContent('$');
    const { setPrice } = await import('@/lib/usage/prices-store');
    await setPrice(db, 'quiet-model', { input: 1_000_000, output: 1_000_000 });
    // A dollar a token: the input estimate (5 characters → 2, plus 4 for the message) and 10 out.
    await waitFor(() => expect(screen.getByTestId('reply-usage')).toHaveTextContent('≈6 in · ≈10 out tokens · ≈$16.00'));
    expect(screen.getByTestId('run-usage')).toHaveTextContent(/^≈16 tokens · ≈\$16\.00 · \d+ ms \(estimated\)$/);
  });
});
