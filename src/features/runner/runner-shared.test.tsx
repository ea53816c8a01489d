// @vitest-environment jsdom
// A run shared with me in the runner: seeded as sync stores it (someone else's run, its prompt absent).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { err } from '@sync/model';
import { setEchoDelayMs } from '@/lib/llm/echo';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt } from '@/test/render-app';
import { fakeMembersApi, renderSignedIn, ME, OTHER, OWNER, seedRun, sharing } from '@/test/shared-runs';
import { messagesOfRun } from '../../../sync/run-messages';

let restoreLayout: () => void;
beforeAll(async () => {
  restoreLayout = installLayout();
  await import('./runner-page');
});
afterAll(() => restoreLayout());
beforeEach(() => setEchoDelayMs(1));
afterEach(() => {
  cleanup();
  setEchoDelayMs(null);
});


const runPath = (run: { id: string; prompt_id: string }) => `/ai/prompts/run/${run.prompt_id}/${run.id}`;

describe('runner: a run shared with me to read', () => {
  it('reads it, with who wrote each message, and says why there is no message box', async () => {
    const db = freshDb();
    const run = await seedRun(db, sharing('viewer'));
    await renderSignedIn(db, runPath(run));

    expect(await screen.findByText('Shared with you to read by ada@example.test')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Lisbon weekend' })).toBeInTheDocument();
    // Not renamed, shared, restarted or branched by a viewer; only left (and tagged with their own tags).
    expect(screen.queryByRole('button', { name: /Lisbon weekend/ })).toBeNull();
    for (const name of ['Share', 'New run', 'Edit', 'Retry']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.getByRole('button', { name: 'Leave' })).toBeInTheDocument();
    expect(screen.getByText(/Trip planner · Can view/)).toBeInTheDocument();

    const theirs = screen.getByRole('article', { name: 'Message from ada@example.test' });
    expect(theirs).toHaveTextContent('Plan two days in Lisbon.');
    expect(screen.getByRole('article', { name: 'You message' })).toHaveTextContent('Add a rainy-day plan.');
    const [first, second] = screen.getAllByRole('article', { name: 'Assistant message' });
    expect(first).toHaveTextContent('Assistant · asked by ada@example.test');
    expect(second).not.toHaveTextContent('asked by');
  });

  it('tags it with my own tags, shown in its header', async () => {
    const db = freshDb();
    const run = await seedRun(db, sharing('viewer'));
    const user = userEvent.setup();
    await renderSignedIn(db, runPath(run));

    await user.click((await screen.findAllByRole('button', { name: 'Add tag' }))[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'Tags of “Lisbon weekend”' });
    await user.type(within(dialog).getByRole('combobox', { name: 'Tag' }), 'travel{Enter}');
    await waitFor(() => expect(within(dialog).getByRole('list', { name: 'Tags' })).toHaveTextContent('travel'));
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('group', { name: 'Tags: travel' })).toBeInTheDocument();
    expect((await db.runTags.where('run_id').equals(run.id).toArray()).map((l) => l.present)).toEqual([true]);
  });

  it('ends the session, saying so, when the run leaves the device', async () => {
    const db = freshDb();
    const run = await seedRun(db, sharing('viewer'));
    await renderSignedIn(db, runPath(run));
    await screen.findByRole('article', { name: 'You message' });

    await db.transaction('rw', db.runs, db.messages, async () => {
      await messagesOfRun(db.messages, run.id).delete();
      await db.runs.delete(run.id);
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('You no longer have access to this run');
    expect(within(alert).getByRole('link', { name: 'Shared with me' })).toHaveAttribute('href', '/ai/prompts/runs/shared');
  });
});

describe('runner: a run shared with me to continue', () => {
  it('sends and renames, but neither shares nor starts runs of its prompt', async () => {
    const db = freshDb();
    const run = await seedRun(db, sharing('editor'));
    const user = userEvent.setup();
    await renderSignedIn(db, runPath(run));

    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'And a day trip?');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(async () => expect(await messagesOfRun(db.messages, run.id).count()).toBe(6));
    expect(screen.getAllByRole('article', { name: 'You message' }).at(-1)).toHaveTextContent('And a day trip?');

    await user.click(screen.getByRole('button', { name: /Lisbon weekend/ }));
    const box = screen.getByRole('textbox', { name: 'Run name' });
    await user.clear(box);
    await user.type(box, 'Lisbon, three days{Enter}');
    await waitFor(async () => expect((await db.runs.get(run.id))?.name).toBe('Lisbon, three days'));

    for (const name of ['Share', 'New run']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.getByText(/Can edit/)).toBeInTheDocument();
    expect(screen.getByText('Shared with you by ada@example.test')).toBeInTheDocument();
  });

  it('leaves the run through the server, then goes to Shared with me; offline it says so and stays', async () => {
    const db = freshDb();
    const run = await seedRun(db, sharing('editor'));
    const members = fakeMembersApi();
    members.remove.mockResolvedValueOnce(err({ reason: 'offline', message: 'Failed to fetch' }));
    const user = userEvent.setup();
    const router = await renderSignedIn(db, runPath(run), members);

    await user.click(await screen.findByRole('button', { name: 'Leave' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Leave “Lisbon weekend”?' });
    expect(dialog).toHaveTextContent('ada@example.test can invite you again');
    await user.click(within(dialog).getByRole('button', { name: 'Leave' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Try again when online');
    expect(router.state.location.pathname).toBe(runPath(run));

    await user.click(within(dialog).getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/ai/prompts/runs/shared'));
    expect(members.remove).toHaveBeenLastCalledWith(run.id, ME.id);
  });
});

describe('runner: my own prompt beside a run shared with me', () => {
  it('does not offer to continue someone else\'s run of a prompt with the same id (the example prompts)', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    await seedRun(db, sharing('editor'), { promptId: prompt.id, name: 'Their Lisbon' });
    await renderSignedIn(db, `/ai/prompts/run/${prompt.id}`);
    expect(await screen.findByRole('textbox', { name: 'topic' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Continue/ })).toBeNull();
  });
});

describe('runner: authors in my own runs', () => {
  it('names the people I shared the run with, from the server', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const run = await seedRun(db, null, { promptId: prompt.id });
    const members = fakeMembersApi();
    members.people.mockResolvedValue({ ok: true, value: { myRole: 'owner', owner: ME.email, members: [{ userId: OTHER.id, email: OTHER.email, role: 'editor', isMe: false }], invitations: [] } });
    await renderSignedIn(db, runPath(run), members);

    expect(await screen.findByRole('article', { name: 'Message from cy@example.test' })).toHaveTextContent('Plan two days in Lisbon.');
    expect(screen.getByRole('article', { name: 'You message' })).toBeInTheDocument();
    expect(members.people).toHaveBeenCalledWith(run.id);
    // Mine: all my actions stay.
    expect(screen.getByRole('button', { name: 'Share' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Leave' })).toBeNull();
  });

  it('asks the server who wrote only once someone else writes in my run (invited after it was opened)', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const run = await seedRun(db, null, { promptId: prompt.id });
    await messagesOfRun(db.messages, run.id).modify((m) => void (m.authorId = ME.id));
    const members = fakeMembersApi();
    members.people.mockResolvedValue({ ok: true, value: { myRole: 'owner', owner: ME.email, members: [{ userId: OTHER.id, email: OTHER.email, role: 'editor', isMe: false }], invitations: [] } });
    await renderSignedIn(db, runPath(run), members);
    await screen.findAllByRole('article', { name: 'You message' });
    expect(screen.queryByText(/asked by/)).toBeNull();
    // A run only I wrote in: nobody to name, nothing asked.
    expect(members.people).not.toHaveBeenCalled();

    // Their message arrives through sync.
    await db.transaction('rw', db.runs, db.messages, async () => {
      await db.messages.put({ id: 'theirs', runId: run.id, parentId: `${run.id}-4`, role: 'user', content: 'And Sintra?', status: 'done', createdAt: '2026-12-05T10:05:00.000Z', authorId: OTHER.id });
      await db.runs.update(run.id, { message_count: 5, current_leaf_id: 'theirs' });
    });
    expect(await screen.findByRole('article', { name: 'Message from cy@example.test' })).toHaveTextContent('And Sintra?');
    expect(members.people).toHaveBeenCalledTimes(1);
  });

  it('offline, names someone else "Another member"; a run only I wrote in shows no authors', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const run = await seedRun(db, null, { promptId: prompt.id });
    const members = fakeMembersApi();
    members.people.mockResolvedValue(err({ reason: 'offline', message: 'Failed to fetch' }));
    await renderSignedIn(db, runPath(run), members);
    expect(await screen.findByRole('article', { name: 'Message from Another member' })).toBeInTheDocument();
    cleanup();

    const alone = await seedRun(db, null, { promptId: prompt.id, name: 'Alone' });
    await messagesOfRun(db.messages, alone.id).modify((m) => void (m.authorId = ME.id));
    await renderSignedIn(db, runPath(alone), fakeMembersApi());
    expect(await screen.findAllByRole('article', { name: 'You message' })).toHaveLength(2);
    for (const reply of screen.getAllByRole('article', { name: 'Assistant message' })) expect(reply).not.toHaveTextContent('asked by');
    expect(screen.queryByText(OWNER.email)).toBeNull();
  });
});

