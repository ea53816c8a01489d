// @vitest-environment jsdom
// What the sync badge and its panel tell the person when something went wrong beyond a retry: a change
// no server will take (found among many, with Retry and Discard), text kept from a run deleted on another
// device, and a server that needs a newer app.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createPrompt } from '@sync/store/prompts';
import { createRun } from '@sync/store/runs';
import { recoverMessages } from '@sync/engine/recover-purged';
import { makeMessage } from '@sync/test-support';
import { PROTOCOL_VERSION } from '@sync/protocol';
import { createFakeAccount, type FakeAccount } from '@/test/fake-account';
import { renderSignedInBadge } from '@/test/render-sync-badge';

configure({ asyncUtilTimeout: 15_000 });

let account: FakeAccount | null = null;
afterEach(() => {
  account?.controller.store.getState().engine?.stop();
  account = null;
  cleanup();
});

async function signedIn(fake: FakeAccount) {
  account = fake;
  return renderSignedInBadge(fake);
}

async function openDetails(badge: HTMLElement) {
  await userEvent.setup().click(within(badge).getByRole('button', { name: /Sync details/ }));
  return screen.findByRole('dialog');
}

describe('sync notices', () => {
  it('shows the one change the server keeps failing on, found among 40, with its reason, Retry and Discard', async () => {
    const fake = createFakeAccount();
    const { engine, db, badge } = await signedIn(fake);
    for (let i = 0; i < 40; i += 1) await createPrompt(db, { name: i === 23 ? 'Crashes the server' : `Prompt ${i}` });
    fake.transport.poison = (c) => (c.values.name === 'Crashes the server' ? { kind: 'server', status: 500, message: 'Internal Server Error' } : null);
    await engine.syncNow();
    expect(fake.server.prompts.size).toBe(39);
    await waitFor(() => expect(badge).toHaveTextContent('1 not synced'));
    const panel = await openDetails(badge);
    expect(within(panel).getByRole('heading', { name: '1 change could not sync' })).toBeInTheDocument();
    const item = within(panel).getByRole('listitem', { name: 'Prompt “Crashes the server”' });
    expect(item).toHaveTextContent('The server failed on this change 3 times in a row (HTTP 500: Internal Server Error).');
    expect(within(item).getByRole('button', { name: 'Discard' })).toBeInTheDocument();
    fake.transport.poison = null;
    await userEvent.setup().click(within(item).getByRole('button', { name: 'Retry' }));
    await engine.syncNow();
    await waitFor(() => expect(within(panel).queryByRole('listitem', { name: 'Prompt “Crashes the server”' })).not.toBeInTheDocument());
    expect(fake.server.prompts.size).toBe(40);
  });

  it('tells what was kept from a run deleted on another device, links to it, and lets the notice go', async () => {
    const fake = createFakeAccount();
    const { engine, db, badge } = await signedIn(fake);
    const prompt = await createPrompt(db, { name: 'Trips' });
    if (!prompt.ok) throw prompt.error;
    const run = await createRun(db, prompt.value.id, { name: 'Lisbon', variable_values: {}, settings: prompt.value.settings });
    if (!run.ok) throw run.error;
    const messages = [makeMessage(run.value.id, 'user', 'one', null), makeMessage(run.value.id, 'user', 'two', null)];
    await db.transaction('rw', [db.runs, db.messages, db.outbox, db.meta], () => recoverMessages(db, run.value, messages));
    await engine.refreshState();
    await waitFor(() => expect(badge).toHaveTextContent('1 run recovered'));
    const panel = await openDetails(badge);
    const item = within(panel).getByRole('listitem', { name: 'Recovered: Lisbon' });
    expect(item).toHaveTextContent('Kept 2 messages written here for a run deleted on another device, in Recovered: Lisbon.');
    expect(within(item).getByRole('link', { name: 'Recovered: Lisbon' }).getAttribute('href')).toMatch(new RegExp(`^/ai/prompts/run/${prompt.value.id}/`));
    await userEvent.setup().click(within(item).getByRole('button', { name: 'Dismiss the notice about Recovered: Lisbon' }));
    await waitFor(() => expect(within(panel).queryByRole('listitem', { name: 'Recovered: Lisbon' })).not.toBeInTheDocument());
  });

  it('says an update is needed when the server no longer speaks this version, and keeps the changes', async () => {
    const fake = createFakeAccount();
    const { engine, db, badge } = await signedIn(fake);
    fake.server.protocolRange = { min: PROTOCOL_VERSION + 1, max: PROTOCOL_VERSION + 1 };
    await createPrompt(db, { name: 'Waits for the update' });
    await engine.syncNow();
    await engine.refreshState();
    await waitFor(() => expect(badge).toHaveTextContent('Update needed to sync · 1 pending'));
    const panel = await openDetails(badge);
    expect(panel).toHaveTextContent('This version of the app can no longer sync: the server needs a newer one.');
    expect(within(panel).getByRole('button', { name: 'Sync now' })).toBeDisabled();
    expect(engine.getState().deadLetters).toEqual([]);
  });
});
