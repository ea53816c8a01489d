// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { configure } from '@testing-library/react';
import { render, screen, waitFor, cleanup } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createPrompt } from '@sync/store/prompts';
import { createRun } from '@sync/store/runs';
import { PromptRunsDB } from '@sync/db';
import { useDb } from '@/lib/data/db-context';
import { AccountProvider } from '@/lib/account/account-context';
import { AccountPage } from './account-page';
import { createFakeAccount, type FakeAccount } from '@/test/fake-account';

// The machine is shared: give async queries more than the default second.
configure({ asyncUtilTimeout: 15_000 });

let account: FakeAccount | null = null;
afterEach(() => {
  account?.controller.store.getState().engine?.stop();
  account = null;
  cleanup();
});

function renderPage(fake: FakeAccount) {
  account = fake;
  return render(
    <AccountProvider controller={fake.controller}>
      <AccountPage />
    </AccountProvider>,
  );
}

async function signUp(email = 'ada@example.com', password = 'secret123') {
  const user = userEvent.setup();
  await user.type(await screen.findByRole('textbox', { name: 'Email' }), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign up' }));
  return user;
}

describe('AccountPage', () => {
  it('explains local-only mode when no sync server is configured, and offers no sign-in', async () => {
    renderPage(createFakeAccount({ configured: false }));
    // Said once: the reason is the sentence that explains it (it was said twice, as text and as a notice).
    expect(await screen.findByText(/^This copy of the app has no sync server configured\. Without an account, everything you make is saved on this device/)).toBeInTheDocument();
    expect(screen.getAllByText(/no sync server configured/)).toHaveLength(1);
    expect(screen.queryByRole('textbox', { name: 'Email' })).not.toBeInTheDocument();
  });

  it('with a database handed in (tests, embeds) runs local-only on exactly that database', async () => {
    const db = new PromptRunsDB(`pinned-${crypto.randomUUID()}`);
    function ShowDb() {
      return <p>db: {useDb().name}</p>;
    }
    render(
      <AccountProvider db={db}>
        <AccountPage />
        <ShowDb />
      </AccountProvider>,
    );
    expect(await screen.findByText(/^This app was given its own database; accounts are off\. Without an account/)).toBeInTheDocument();
    expect(screen.getByText(`db: ${db.name}`)).toBeInTheDocument();
  });

  it('signs up, adopts the runs made before signing in, and uploads them', async () => {
    const fake = createFakeAccount();
    const local = fake.controller.store.getState().db;
    const prompt = await createPrompt(local, { name: 'Offline prompt' });
    if (!prompt.ok) throw prompt.error;
    const run = await createRun(local, prompt.value.id, { variable_values: {}, settings: prompt.value.settings, name: 'Made signed out' });
    if (!run.ok) throw run.error;
    renderPage(fake);
    await signUp();
    expect(await screen.findByText(/Signed in as/)).toHaveTextContent('ada@example.com');
    expect(screen.getByRole('status')).toHaveTextContent(/1 run and 1 prompt made on this device before signing in now belong to ada@example.com\./);
    const userDb = fake.controller.store.getState().db;
    expect(userDb.name).not.toBe(local.name);
    expect((await userDb.runs.get(run.value.id))?.name).toBe('Made signed out');
    expect(await local.runs.count()).toBe(0);
    await waitFor(() => expect(fake.server.runs.get(run.value.id)?.row.name).toBe('Made signed out'));
  });

  it('says clearly when the password is wrong', async () => {
    const fake = createFakeAccount();
    fake.users.set('ada@example.com', { user: { id: 'u1', email: 'ada@example.com' }, password: 'right-one' });
    renderPage(fake);
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'Email' }), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong-one');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That email and password do not match an account.');
  });

  it('rejects a malformed email before calling the server', async () => {
    renderPage(createFakeAccount());
    await signUp('not-an-email', 'secret123');
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter an email address like name@example.com.');
    expect(account!.users.size).toBe(0);
  });

  it('warns on sign-out with unsynced changes and signs out once they reached the server', async () => {
    const fake = createFakeAccount();
    renderPage(fake);
    const user = await signUp();
    await screen.findByText(/Signed in as/);
    const db = fake.controller.store.getState().db;
    const engine = fake.controller.store.getState().engine!;
    await waitFor(() => expect(engine.getState().lastSyncedAt).not.toBeNull());
    fake.transport.setOnline(false);
    const prompt = await createPrompt(db, { name: 'Typed offline' });
    if (!prompt.ok) throw prompt.error;
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Some changes are not synced yet' });
    expect(dialog).toHaveTextContent('1 change made on this device has not reached the server');
    await user.click(screen.getByRole('button', { name: 'Wait for sync' }));
    expect(await screen.findByText(/you will be signed out when it is done/)).toBeInTheDocument();
    expect(fake.controller.store.getState().phase).toBe('signed-in');
    fake.transport.setOnline(true);
    await engine.syncNow();
    await waitFor(() => expect(fake.controller.store.getState().phase).toBe('signed-out'));
    expect(fake.server.prompts.get(prompt.value.id)?.row.name).toBe('Typed offline');
    expect(await screen.findByRole('textbox', { name: 'Email' })).toBeInTheDocument();
  });

  it('can sign out anyway: the unsynced change stays in the user database for next time', async () => {
    const fake = createFakeAccount();
    renderPage(fake);
    const user = await signUp();
    await screen.findByText(/Signed in as/);
    const db = fake.controller.store.getState().db;
    await waitFor(() => expect(fake.controller.store.getState().engine?.getState().lastSyncedAt).not.toBeNull());
    fake.transport.setOnline(false);
    const prompt = await createPrompt(db, { name: 'Still local' });
    if (!prompt.ok) throw prompt.error;
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.click(await screen.findByRole('button', { name: 'Sign out anyway' }));
    await waitFor(() => expect(fake.controller.store.getState().phase).toBe('signed-out'));
    expect(await db.outbox.get(`prompts:${prompt.value.id}`)).toBeDefined();
    expect(fake.controller.store.getState().db.name).not.toBe(db.name);
    expect(await fake.controller.store.getState().db.prompts.get(prompt.value.id)).toBeUndefined();
  });
});
