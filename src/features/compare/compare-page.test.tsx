// @vitest-environment jsdom
// The compare view as a person uses it: two runs side by side with turns aligned, differences of replies,
// variables and settings, totals per run, the same next message sent to both, and phone panes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import type { Message, ModelSettings } from '@sync/model';
import { createRun } from '@sync/store/runs';
import { setEchoDelayMs } from '@/lib/llm/echo';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';
import { messagesOfRun } from '../../../sync/run-messages';

let restoreLayout: () => void;
const realMatchMedia = () => window.matchMedia;
beforeAll(async () => {
  restoreLayout = installLayout();
  await import('@/app/compare-route');
});
afterAll(() => restoreLayout());
beforeEach(() => setEchoDelayMs(0));
afterEach(() => {
  cleanup();
  setEchoDelayMs(null);
});

/** A run whose branch alternates the given user messages and replies (usage on each reply). */
async function seedRun(db: PromptRunsDB, promptId: string, name: string, turns: Array<[string, string]>, settings: ModelSettings, variables: Record<string, string>) {
  const messages: Message[] = [];
  let parentId: string | null = null;
  for (const [question, answer] of turns) {
    const user: Message = { id: newId(), runId: '', parentId, role: 'user', content: question, status: 'done', createdAt: new Date().toISOString() };
    const reply: Message = {
      id: newId(), runId: '', parentId: user.id, role: 'assistant', content: answer, status: 'done', createdAt: new Date().toISOString(),
      metadata: { modelId: settings.model_id, modelName: settings.model_id === 'echo' ? 'Echo (offline)' : `${settings.model_id} · OpenAI`, tokens: 100, inputTokens: 1000, totalTime: 2000 },
    };
    messages.push(user, reply);
    parentId = reply.id;
  }
  const created = await createRun(db, promptId, { name, variable_values: variables, settings, messages });
  if (!created.ok) throw created.error;
  return created.value;
}

async function twoRuns() {
  const db = freshDb();
  const prompt = await addPrompt(db);
  const a = await seedRun(db, prompt.id, 'Cache talk', [['Explain caching.', 'The cache keeps copies near you.'], ['Shorter?', 'Copies nearby.']], { provider: 'echo', model_id: 'echo', temperature: 0.2 }, { topic: 'caching', audience: 'beginners' });
  const b = await seedRun(db, prompt.id, 'Worker talk', [['Explain caching.', 'The cache stores copies near you.'], ['Shorter?', 'Copies nearby.'], ['Example?', 'A CDN.']], { provider: 'gone-provider', model_id: 'gpt-4o', temperature: 0.7 }, { topic: 'service workers', audience: 'beginners' });
  return { db, a, b };
}

function desktop() {
  window.matchMedia = ((query: string) =>
    ({ matches: query.includes('min-width'), media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList);
}

describe('compare view', () => {
  let original: typeof window.matchMedia;
  beforeEach(() => {
    original = realMatchMedia();
  });
  afterEach(() => {
    window.matchMedia = original;
  });

  it('shows the runs side by side with turns aligned, totals per run, and no provider id', async () => {
    desktop();
    const { db, a, b } = await twoRuns();
    renderApp(db, `/ai/prompts/runs/compare?ids=${a.id},${b.id}`);
    expect(await screen.findByRole('heading', { name: 'Compare 2 runs' })).toBeInTheDocument();
    const first = screen.getByRole('region', { name: 'Run 1: Cache talk' });
    expect(within(first).getByText('Echo (offline)')).toBeInTheDocument();
    expect(await within(first).findByTestId('run-usage')).toHaveTextContent('2,200 tokens · $0 · 4.0 s');
    // gpt-4o, three replies: 3,000 in × $2.50/M + 300 out × $10/M = $0.0105.
    expect(within(screen.getByRole('region', { name: 'Run 2: Worker talk' })).getByTestId('run-usage')).toHaveTextContent('3,300 tokens · $0.01 · 6.0 s');
    const turns = screen.getAllByRole('group', { name: /^Turn \d$/ });
    expect(turns).toHaveLength(3);
    const turn2 = screen.getByRole('group', { name: 'Turn 2' });
    expect(within(within(turn2).getByRole('region', { name: 'Cache talk, turn 2' })).getByText('Shorter?')).toBeInTheDocument();
    expect(within(within(turn2).getByRole('region', { name: 'Worker talk, turn 2' })).getByText('Shorter?')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Cache talk, turn 3' })).getByText('No message at this turn.')).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/gone-provider|comparison_id/);
  });

  it('shows word differences of replies, variables and settings when asked', async () => {
    desktop();
    const { db, a, b } = await twoRuns();
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/runs/compare?ids=${a.id},${b.id}`);
    await screen.findByRole('heading', { name: 'Compare 2 runs' });
    const reply = within(screen.getByRole('region', { name: 'Worker talk, turn 1' })).getByRole('article', { name: 'Assistant message' });
    expect(reply.querySelector('ins')).toBeNull();
    await user.click(screen.getByRole('switch', { name: 'Show differences' }));
    expect(reply.querySelector('del')).toHaveTextContent('keeps');
    expect(reply.querySelector('ins')).toHaveTextContent('stores');
    expect(reply).toHaveTextContent('[inserted: stores]');
    // Same text in both runs: nothing marked.
    expect(within(screen.getByRole('region', { name: 'Worker talk, turn 2' })).getByRole('article').querySelector('ins, del')).toBeNull();

    await user.click(screen.getByText(/^Variables and model settings/));
    const variables = screen.getByRole('table', { name: 'Variables' });
    expect(within(variables).getByRole('rowheader', { name: 'topic (differs)' })).toBeInTheDocument();
    expect(within(variables).getByRole('rowheader', { name: 'audience' })).toBeInTheDocument();
    const settings = screen.getByRole('table', { name: 'Model settings' });
    expect(within(settings).getByRole('row', { name: /Model \(differs\) Echo \(offline\) gpt-4o · OpenAI/ })).toBeInTheDocument();
    expect(within(settings).getByRole('row', { name: /Temperature \(differs\) 0.2 0.7/ })).toBeInTheDocument();
  });

  it('sends the same next message to every run, each saved in its own run', async () => {
    desktop();
    const db = freshDb();
    const prompt = await addPrompt(db);
    const a = await seedRun(db, prompt.id, 'One', [['Hi', 'Echo: Hi']], { provider: 'echo', model_id: 'echo' }, {});
    const b = await seedRun(db, prompt.id, 'Two', [['Hello', 'Echo: Hello']], { provider: 'echo', model_id: 'echo' }, {});
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/runs/compare?ids=${a.id},${b.id}`);
    await screen.findByRole('heading', { name: 'Compare 2 runs' });
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'And again?');
    await user.click(screen.getByRole('button', { name: 'Send to all' }));
    await waitFor(() => expect(screen.getAllByText('Echo: And again?')).toHaveLength(2));
    for (const run of [a, b]) {
      await waitFor(async () => {
        const stored = await messagesOfRun(db.messages, run.id).toArray();
        expect(stored.filter((m) => m.role === 'assistant' && m.status === 'done').map((m) => m.content)).toContain('Echo: And again?');
      });
    }
    // One run alone: the other gets nothing.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Send to' }), 'Run 2: Two');
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Only two');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getAllByText('Echo: Only two')).toHaveLength(1));
    expect(within(screen.getByRole('region', { name: 'One, turn 3' })).getByText('No message at this turn.')).toBeInTheDocument();
  });

  it('on a phone shows one run at a time in panes switched by tabs or a swipe, turns staying aligned', async () => {
    const { db, a, b } = await twoRuns();
    renderApp(db, `/ai/prompts/runs/compare?ids=${a.id},${b.id}`);
    const tabs = await screen.findByRole('tablist', { name: 'Runs' });
    const [tabA, tabB] = within(tabs).getAllByRole('tab');
    expect(tabA).toHaveAttribute('aria-selected', 'true');
    const pane = screen.getByRole('tabpanel');
    expect(within(pane).getByRole('region', { name: 'Cache talk, turn 1' })).toBeInTheDocument();
    expect(within(pane).queryByRole('region', { name: 'Worker talk, turn 1' })).toBeNull();
    // A swipe to the left brings the next run's pane, at the same turns.
    act(() => {
      fireEvent.pointerDown(pane, { pointerType: 'touch', clientX: 300, clientY: 200 });
      fireEvent.pointerUp(pane, { pointerType: 'touch', clientX: 100, clientY: 210 });
    });
    expect(tabB).toHaveAttribute('aria-selected', 'true');
    expect(within(screen.getByRole('tabpanel')).getByRole('region', { name: 'Worker talk, turn 1' })).toBeInTheDocument();
    fireEvent.click(tabA!);
    expect(within(screen.getByRole('tabpanel')).getByRole('region', { name: 'Cache talk, turn 2' })).toBeInTheDocument();
  });

  it('says what to do when the address names too few runs, and which runs are missing', async () => {
    const { db, a } = await twoRuns();
    renderApp(db, `/ai/prompts/runs/compare?ids=${a.id}`);
    expect(await screen.findByRole('alert')).toHaveTextContent('Pick at least two runs to compare');
    cleanup();
    const { b } = await twoRuns();
    renderApp(db, `/ai/prompts/runs/compare?ids=${a.id},${b.id}`);
    expect(await screen.findByRole('alert')).toHaveTextContent('1 of the runs asked for is not on this device');
  });
});
