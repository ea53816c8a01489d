// @vitest-environment jsdom
// The runner as a user meets it: real routes, real Dexie store (fake-indexeddb), Echo at full speed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as runs from '@sync/store/runs';
import { AppError } from '@sync/model';
import { setEchoDelayMs } from '@/lib/llm/echo';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';
import { messagesOfRun } from '../../../sync/run-messages';

vi.mock('@sync/store/runs', async (importOriginal) => {
  const real = await importOriginal<typeof import('@sync/store/runs')>();
  return {
    ...real,
    createRun: vi.fn(real.createRun),
    updateRun: vi.fn(real.updateRun),
    checkpointMessage: vi.fn(real.checkpointMessage),
  };
});

const updateRun = vi.mocked(runs.updateRun);
const createRun = vi.mocked(runs.createRun);
let restoreLayout: () => void;

beforeAll(async () => {
  restoreLayout = installLayout();
  // Warm the lazy route modules so the first test's findBy does not time out on a cold transform.
  await Promise.all([import('./runner-page'), import('@/components/model-select')]);
});
afterAll(() => restoreLayout());
beforeEach(() => {
  setEchoDelayMs(1);
  vi.clearAllMocks();
});
afterEach(() => {
  cleanup();
  setEchoDelayMs(null);
});

/** Calls of updateRun that saved a reply: the "exchange saves". */
const exchangeSaves = () => updateRun.mock.calls.filter(([, , change]) => change.append?.some((m) => m.role === 'assistant'));

async function sendAndWait(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.type(screen.getByRole('textbox', { name: 'Message' }), text);
  await user.click(screen.getByRole('button', { name: 'Send' }));
  await screen.findByText('Saved');
}

describe('runner: new run and auto-save', () => {
  it('saves nothing on load, creates the run on the first send, puts its id in the URL and shows Saved', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const user = userEvent.setup();
    const { router } = renderApp(db, `/ai/prompts/run/${prompt.id}`);

    const topic = await screen.findByRole('textbox', { name: 'topic' });
    expect(topic).toHaveValue('caching');
    expect(screen.getByRole('textbox', { name: 'audience' })).toHaveValue('beginners');
    expect(screen.getByRole('combobox', { name: 'Model' })).toBeInTheDocument();
    expect(await db.runs.count()).toBe(0);
    expect(createRun).not.toHaveBeenCalled();

    await user.clear(topic);
    await user.type(topic, 'service workers');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(new RegExp(`^/ai/prompts/run/${prompt.id}/[0-9a-f-]{36}$`)));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Save status' })).toHaveTextContent('Saved'));

    const [run] = await db.runs.toArray();
    expect(router.state.location.pathname.endsWith(run!.id)).toBe(true);
    expect(run!.name).toBe('Explain service workers.');
    expect(run!.variable_values).toEqual({ topic: 'service workers', audience: 'beginners' });
    expect(run!.settings).toMatchObject({ provider: 'echo', model_id: 'echo' });
    const messages = await messagesOfRun(db.messages, run!.id).toArray();
    expect(messages.map((m) => [m.role, m.status])).toEqual(
      expect.arrayContaining([['system', 'done'], ['user', 'done'], ['assistant', 'done']]),
    );
    expect(messages.find((m) => m.role === 'system')?.content).toBe('You teach beginners.');
    expect(screen.getByRole('article', { name: 'Assistant message' })).toHaveTextContent('Echo: Explain service workers.');
    // The variables form is gone once the conversation started.
    expect(screen.queryByRole('textbox', { name: 'topic' })).not.toBeInTheDocument();
  });

  it('makes exactly one exchange save per exchange and none while streaming', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    await screen.findByRole('textbox', { name: 'Message' });

    setEchoDelayMs(40);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'first reply is streamed slowly');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByRole('button', { name: 'Stop' });
    expect(exchangeSaves()).toHaveLength(0);
    await screen.findByText('Saved', {}, { timeout: 5000 });
    setEchoDelayMs(1);
    expect(createRun).toHaveBeenCalledTimes(1);
    expect(exchangeSaves()).toHaveLength(1);
    await waitFor(() => expect(screen.getByRole('status', { name: 'Save status' })).not.toHaveTextContent('Saved'), { timeout: 4000 });

    await sendAndWait(user, 'second');
    expect(exchangeSaves()).toHaveLength(2);
    expect(createRun).toHaveBeenCalledTimes(1);
    // Each exchange save carries only that exchange's reply; the user message was stored as it was sent.
    expect(exchangeSaves()[1]![2].append!.map((m) => m.content)).toEqual(['Echo: second']);
    const [run] = await db.runs.toArray();
    expect(run!.message_count).toBe(4);
  });
});

describe('runner: checkpoints while streaming', () => {
  it('stores the reply on the device about every second while it streams, without queueing it for sync', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    setEchoDelayMs(60);
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const checkpoint = vi.mocked(runs.checkpointMessage);
    await waitFor(() => expect(checkpoint).toHaveBeenCalled(), { timeout: 4000 });
    // Mid-reply: the partial text is on the device, marked streaming, and not in the sync outbox yet.
    const stored = (await db.messages.toArray()).find((m) => m.role === 'assistant');
    expect(stored?.status).toBe('streaming');
    expect(stored?.content.startsWith('Echo: w0')).toBe(true);
    expect(await db.outbox.get(`messages:${stored!.id}`)).toBeUndefined();
    expect(exchangeSaves()).toHaveLength(0);
    await screen.findByText('Saved', {}, { timeout: 8000 });
    // About once a second, not once per token (31 tokens here).
    expect(checkpoint.mock.calls.length).toBeLessThan(10);
    expect((await db.messages.get(stored!.id))?.status).toBe('done');
  });
});

describe('runner: message box keys', () => {
  it('Shift+Enter adds a line, Enter sends', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    const box = await screen.findByRole('textbox', { name: 'Message' });
    await user.type(box, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(box).toHaveValue('line one\nline two');
    expect(await db.runs.count()).toBe(0);
    await user.keyboard('{Enter}');
    await screen.findByText('Saved');
    expect(box).toHaveValue('');
    expect((await db.messages.toArray()).find((m) => m.role === 'user')?.content).toBe('line one\nline two');
  });
});

describe('runner: storage refuses the first save', () => {
  it('keeps the typed text, shows why, and creates nothing', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    createRun.mockResolvedValueOnce({ ok: false, error: new AppError('quota_exceeded', 'The device is out of storage space.') });
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'do not lose me');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    // (The app-wide storage-full alert may show too; ours says what happened to this message.)
    const notice = await screen.findByText('Not sent: The device is out of storage space.');
    expect(notice).toHaveAttribute('role', 'alert');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('do not lose me');
    expect(screen.getByRole('status', { name: 'Save status' })).toHaveTextContent('Not saved');
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
    expect(await db.runs.count()).toBe(0);
  });
});

describe('runner: a reply whose save failed', () => {
  it('says Not saved, keeps the reply on screen and stores it with the next exchange', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    updateRun.mockResolvedValueOnce({ ok: false, error: new AppError('quota_exceeded', 'The device is out of storage space.') });
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'one');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Save status' })).toHaveTextContent('Not saved'));
    expect(screen.getByRole('article', { name: 'Assistant message' })).toHaveTextContent('Echo: one');
    expect((await db.messages.toArray()).some((m) => m.content === 'Echo: one')).toBe(false);

    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'two');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Saved');
    const replies = (await db.messages.toArray()).filter((m) => m.role === 'assistant').map((m) => [m.content, m.status]);
    expect(replies.sort()).toEqual([['Echo: one', 'done'], ['Echo: two', 'done']]);
  });
});

describe('runner: resume, branches, stop, errors', () => {
  async function savedRun() {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const user = userEvent.setup();
    const view = renderApp(db, `/ai/prompts/run/${prompt.id}`);
    await screen.findByRole('textbox', { name: 'topic' });
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Saved');
    const [run] = await db.runs.toArray();
    return { db, prompt, run: run!, user, ...view };
  }

  it('a resumed run hides the variables, shows its messages and keeps its own model', async () => {
    const { db, prompt, run, unmount } = await savedRun();
    unmount();
    // The prompt changes model after the run was made: the run keeps its snapshot.
    await db.prompts.update(prompt.id, { settings: { provider: 'gone', model_id: 'other' } });
    renderApp(db, `/ai/prompts/run/${prompt.id}/${run.id}`);
    expect(await screen.findByRole('article', { name: 'Assistant message' })).toHaveTextContent('Echo: Explain caching.');
    expect(screen.getByRole('article', { name: 'You message' })).toHaveTextContent('Explain caching.');
    expect(screen.queryByRole('textbox', { name: 'topic' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: run.name })).toBeInTheDocument();
    expect(screen.getByText(/^Explain ·/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Model' })).toHaveDisplayValue('Echo (offline)'));
    expect(createRun).toHaveBeenCalledTimes(1);
  });

  it('Retry adds a sibling reply, the switcher shows 2 / 2 and switching moves the current leaf', async () => {
    const { db, run, user } = await savedRun();
    const first = (await messagesOfRun(db.messages, run.id).toArray()).find((m) => m.role === 'assistant')!;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('2 / 2')).toBeInTheDocument();
    await screen.findByText('Saved');
    const assistants = (await messagesOfRun(db.messages, run.id).toArray()).filter((m) => m.role === 'assistant');
    expect(assistants).toHaveLength(2);
    expect(assistants.every((m) => m.parentId === first.parentId)).toBe(true);
    const second = assistants.find((m) => m.id !== first.id)!;
    expect((await db.runs.get(run.id))!.current_leaf_id).toBe(second.id);

    await user.click(screen.getByRole('button', { name: 'Previous version' }));
    expect(await screen.findByText('1 / 2')).toBeInTheDocument();
    await waitFor(async () => expect((await db.runs.get(run.id))!.current_leaf_id).toBe(first.id));
  });

  it('Edit and resend adds a sibling user message and a new reply, keeping the original', async () => {
    const { db, run, user } = await savedRun();
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const box = screen.getByRole('textbox', { name: 'Edit message' });
    await user.clear(box);
    await user.type(box, 'Explain queues.');
    await user.click(screen.getByRole('button', { name: 'Send edit' }));
    await screen.findByText('Saved');
    expect(screen.getByRole('article', { name: 'You message' })).toHaveTextContent('Explain queues.');
    expect(screen.getByRole('article', { name: 'Assistant message' })).toHaveTextContent('Echo: Explain queues.');
    const users = (await messagesOfRun(db.messages, run.id).toArray()).filter((m) => m.role === 'user');
    expect(users.map((m) => m.content).sort()).toEqual(['Explain caching.', 'Explain queues.']);
    expect(within(screen.getByRole('article', { name: 'You message' })).getByText('2 / 2')).toBeInTheDocument();
  });

  it('Stop keeps the partial reply as an interrupted message, saved', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    setEchoDelayMs(30);
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'a b c d e f g h i j k l m n o p q r s t u v w x y z');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getByRole('article', { name: 'Assistant message' })).toHaveTextContent('Echo: a'));
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(await screen.findByText('Interrupted')).toBeInTheDocument();
    await screen.findByText('Saved');
    const reply = (await db.messages.toArray()).find((m) => m.role === 'assistant')!;
    expect(reply.status).toBe('interrupted');
    expect(reply.content.startsWith('Echo: a')).toBe(true);
    expect(reply.content.length).toBeLessThan('Echo: a b c d e f g h i j k l m n o p q r s t u v w x y z'.length);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeInTheDocument();
  });

  it('a reply left streaming by a reload shows as Interrupted with Retry', async () => {
    const { db, prompt, run, unmount } = await savedRun();
    unmount();
    const reply = (await db.messages.toArray()).find((m) => m.role === 'assistant')!;
    await runs.checkpointMessage(db, { ...reply, id: crypto.randomUUID(), content: 'Half a rep', createdAt: new Date().toISOString() });
    renderApp(db, `/ai/prompts/run/${prompt.id}/${run.id}`);
    expect(await screen.findByText('Interrupted')).toBeInTheDocument();
    expect(screen.getByText('Half a rep')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Retry' }).length).toBeGreaterThan(0);
  });

  it('a provider error shows an alert in the conversation, keeps the user message and offers Retry', async () => {
    const db = freshDb();
    // A prompt whose model's provider this device does not have: the reply fails, the message stays.
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [], settings: { provider: 'missing-provider', model_id: 'echo' } });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'hello');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/not set up on this device/);
    expect(screen.getByRole('article', { name: 'You message' })).toHaveTextContent('hello');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    await screen.findByText('Saved');
    const saved = await db.messages.toArray();
    expect(saved.find((m) => m.role === 'user')?.content).toBe('hello');
    expect(saved.find((m) => m.role === 'assistant')?.status).toBe('error');
  });
});

describe('runner: markdown is sanitised', () => {
  it('renders <img onerror> and javascript: links inert', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    const hits = vi.fn();
    (window as unknown as { __xss: () => void }).__xss = hits;
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    const box = await screen.findByRole('textbox', { name: 'Message' });
    // user-event reads '[[' as a literal '['.
    await user.type(box, '<img src=x onerror="window.__xss()"> [[click](javascript:window.__xss()) **bold**');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Saved');
    const conversation = screen.getByRole('region', { name: 'Conversation' });
    expect(conversation.querySelector('img')).toBeNull();
    expect(conversation.querySelector('[onerror]')).toBeNull();
    expect(conversation.querySelector('a[href^="javascript"]')).toBeNull();
    expect(within(conversation).getAllByText('bold')[0]!.tagName).toBe('STRONG');
    expect(within(conversation).getAllByText('click').length).toBeGreaterThan(0);
    expect(hits).not.toHaveBeenCalled();
  });
});
