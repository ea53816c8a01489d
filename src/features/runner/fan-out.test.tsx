// @vitest-environment jsdom
// One input, several models: the runner's "Models" control makes one run per model, grouped as a
// comparison that opens in the compare view; replies stream in parallel, a failing provider does not stop
// the others, Stop all stops every reply, each run resumes alone, and offline only local models take part.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { LlmError, type ChatRequest, type StreamEvent } from '@/lib/llm/types';
import { saveProvider } from '@/lib/llm/providers-store';
import { setEchoDelayMs } from '@/lib/llm/echo';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';
import { messagesOfRun } from '../../../sync/run-messages';

const streams = vi.hoisted(() => ({ started: [] as string[] }));
vi.mock('@/lib/llm/stream-chat', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/llm/stream-chat')>();
  return {
    async *streamChat(request: ChatRequest): AsyncGenerator<StreamEvent> {
      streams.started.push(request.model);
      if (request.provider.id === 'echo') return yield* real.streamChat(request);
      if (request.model === 'broken') throw new LlmError('server', 'OpenAI had a problem (500). Try again in a moment.', 500);
      yield { type: 'text', text: `${request.model} says hi` };
      // 'slow' keeps streaming until stopped.
      if (request.model === 'slow') {
        await new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(new LlmError('aborted', 'The reply was stopped.'))));
      }
      yield { type: 'usage', tokens: 3, inputTokens: 9 };
    },
  };
});

let restoreLayout: () => void;
let phone: typeof window.matchMedia;
beforeAll(async () => {
  restoreLayout = installLayout();
  // A desktop: the compare view shows every run's column.
  phone = window.matchMedia;
  window.matchMedia = ((query: string) =>
    ({ matches: query.includes('min-width'), media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList);
  await Promise.all([import('./runner-page'), import('@/app/compare-route')]);
});
afterAll(() => {
  window.matchMedia = phone;
  restoreLayout();
});
beforeEach(() => {
  setEchoDelayMs(0);
  streams.started = [];
});
afterEach(() => {
  cleanup();
  setEchoDelayMs(null);
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
});

async function setup() {
  const db = freshDb();
  for (const p of [
    { id: 'p-openai', kind: 'openai-compatible' as const, name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', models: ['gpt-4o-mini', 'broken', 'slow'] },
    { id: 'p-ollama', kind: 'openai-compatible' as const, name: 'Ollama', baseUrl: 'http://localhost:11434/v1', models: ['llama3.2'] },
  ]) {
    const saved = await saveProvider(db, p);
    if (!saved.ok) throw saved.error;
  }
  const prompt = await addPrompt(db, { user_template: '', system_message: 'Be brief.', variables: [] });
  const user = userEvent.setup();
  const view = renderApp(db, `/ai/prompts/run/${prompt.id}`);
  const models = await screen.findByRole('group', { name: 'Models' });
  return { db, prompt, user, models, ...view };
}

async function send(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.type(screen.getByRole('textbox', { name: 'Message' }), text);
  await user.click(screen.getByRole('button', { name: 'Send' }));
}

const storedRuns = async (db: PromptRunsDB) => db.runs.toArray();

describe('fan-out from the runner', () => {
  it('makes one run per model, grouped, opened side by side; a failing provider leaves the others streaming', async () => {
    const { db, user, models, router } = await setup();
    await user.click(within(models).getByRole('checkbox', { name: /gpt-4o-mini · OpenAI/ }));
    await user.click(within(models).getByRole('checkbox', { name: /broken · OpenAI/ }));
    expect(within(models).getByRole('checkbox', { name: /Echo \(offline\)/ })).toBeChecked();
    await send(user, 'Same question');

    await waitFor(() => expect(router.state.location.pathname).toBe('/ai/prompts/runs/compare'));
    expect(await screen.findByRole('heading', { name: 'Compare 3 runs' })).toBeInTheDocument();
    const runs = await storedRuns(db);
    expect(runs).toHaveLength(3);
    const ids = new URLSearchParams(router.state.location.search).get('ids')!.split(',');
    expect(new Set(ids)).toEqual(new Set(runs.map((r) => r.id)));
    const groups = new Set(runs.map((r) => r.settings.comparison_id));
    expect(groups.size).toBe(1);
    expect([...groups][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(runs.map((r) => r.settings.model_id).sort()).toEqual(['broken', 'echo', 'gpt-4o-mini']);
    // Each run keeps its model's name for devices without the provider.
    expect(runs.find((r) => r.settings.model_id === 'gpt-4o-mini')!.settings.model_label).toBe('gpt-4o-mini · OpenAI');

    // Each column answers its own copy of the first message, in parallel.
    await waitFor(() => expect(screen.getByText('gpt-4o-mini says hi')).toBeInTheDocument());
    await waitFor(() => expect(screen.getByText('Echo: Same question')).toBeInTheDocument());
    expect(await screen.findByText('OpenAI had a problem (500). Try again in a moment.')).toBeInTheDocument();
    expect(streams.started.sort()).toEqual(['broken', 'echo', 'gpt-4o-mini']);
    await waitFor(async () => {
      const replies = (await db.messages.toArray()).filter((m) => m.role === 'assistant');
      expect(replies.map((m) => m.status).sort()).toEqual(['done', 'done', 'error']);
    });
    // The grouping reached the compare view: a reload of the history entry does not ask again.
    expect((router.state.location.state as { replyPending?: boolean } | null)?.replyPending).toBeFalsy();
  });

  it('Stop all stops every streaming reply; each run then resumes alone in the runner', async () => {
    const { db, user, models, router, prompt } = await setup();
    await user.click(within(models).getByRole('checkbox', { name: /slow · OpenAI/ }));
    setEchoDelayMs(200);
    await send(user, 'Take your time');
    await screen.findByText('slow says hi');
    await user.click(await screen.findByRole('button', { name: 'Stop all' }));
    await waitFor(async () => {
      const replies = (await db.messages.toArray()).filter((m) => m.role === 'assistant');
      expect(replies.map((m) => m.status)).toEqual(['interrupted', 'interrupted']);
    });
    const slowRun = (await storedRuns(db)).find((r) => r.settings.model_id === 'slow')!;
    setEchoDelayMs(0);
    await act(() => router.navigate(`/ai/prompts/run/${prompt.id}/${slowRun.id}`));
    expect(await screen.findByText('slow says hi')).toBeInTheDocument();
    await send(user, 'Go on');
    await waitFor(async () => expect((await messagesOfRun(db.messages, slowRun.id).toArray()).some((m) => m.content === 'Go on')).toBe(true));
  });

  it('offline, models that need the network cannot be picked or take part (and say why); a local one takes part', async () => {
    const { db, user, models, router } = await setup();
    // Picked while online, then the signal goes.
    await user.click(within(models).getByRole('checkbox', { name: /gpt-4o-mini · OpenAI/ }));
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    act(() => void window.dispatchEvent(new Event('offline')));
    const gpt = within(models).getByRole('checkbox', { name: /gpt-4o-mini · OpenAI/ });
    expect(gpt).toBeDisabled();
    expect(within(models).getByText('gpt-4o-mini · OpenAI').closest('label')).toHaveTextContent('(needs the network: you are offline)');
    await user.click(within(models).getByRole('checkbox', { name: /llama3.2 · Ollama/ }));
    await send(user, 'On the train');
    await waitFor(() => expect(router.state.location.pathname).toBe('/ai/prompts/runs/compare'));
    expect((await storedRuns(db)).map((r) => r.settings.model_id).sort()).toEqual(['echo', 'llama3.2']);
    expect(await screen.findByRole('list', { name: 'Models that did not take part' })).toHaveTextContent(
      'gpt-4o-mini · OpenAI did not take part: it needs the network, and this device is offline.',
    );
  });
});
