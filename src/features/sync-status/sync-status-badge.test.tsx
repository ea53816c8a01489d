// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { configure } from '@testing-library/react';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createPrompt } from '@sync/store/prompts';
import { AccountProvider } from '@/lib/account/account-context';
import { createFakeAccount, type FakeAccount } from '@/test/fake-account';
import { SyncStatusBadge } from './sync-status-badge';
import { renderSignedInBadge } from '@/test/render-sync-badge';

// The machine is shared: give async queries more than the default second.
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

describe('SyncStatusBadge', () => {
  it('says the work stays on this device when nobody is signed in', async () => {
    account = createFakeAccount({ configured: false });
    render(
      <AccountProvider controller={account.controller}>
        <SyncStatusBadge />
      </AccountProvider>,
    );
    expect(screen.getByRole('status', { name: 'Sync status' })).toHaveTextContent('This device only');
  });

  it('opens its details on click (loaded on demand), closes on Escape and gives focus back to the badge', async () => {
    account = createFakeAccount({ configured: false });
    render(
      <AccountProvider controller={account.controller}>
        <SyncStatusBadge />
      </AccountProvider>,
    );
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Sync details: This device only' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await user.click(button);
    const panel = await screen.findByRole('dialog', { name: 'Sync details' });
    expect(panel).toHaveTextContent('Sign in on the Account page');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Sync details' })).not.toBeInTheDocument());
    expect(button).toHaveFocus();
    await user.click(button);
    expect(await screen.findByRole('dialog', { name: 'Sync details' })).toBeInTheDocument();
    await user.click(button);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Sync details' })).not.toBeInTheDocument());
  });

  it('shows pending changes while offline, then "Synced just now" once they reached the server', async () => {
    const fake = createFakeAccount();
    const { engine, db, badge } = await signedIn(fake);
    await waitFor(() => expect(badge).toHaveTextContent('Synced just now'));
    fake.transport.setOnline(false);
    fake.env.setOnline(false);
    await createPrompt(db, { name: 'Offline edit' });
    await engine.refreshState();
    await waitFor(() => expect(badge).toHaveTextContent('Offline · 1 pending'));
    fake.transport.setOnline(true);
    fake.env.setOnline(true);
    await engine.syncNow();
    await waitFor(() => expect(badge).toHaveTextContent('Synced just now'));
  });

  it('lists a refused change in the details with Retry and Discard, without blocking other changes', async () => {
    const fake = createFakeAccount();
    let refuse = true;
    const { engine, db, badge } = await signedIn(fake);
    const push = fake.transport.push;
    fake.transport.push = async (req) => {
      const out = await push({ ...req, changes: req.changes.filter((c) => !(refuse && c.values.name === 'Refused')) });
      if (out.kind !== 'ok') return out;
      const refused = req.changes.filter((c) => refuse && c.values.name === 'Refused');
      return { ...out, value: { ...out.value, results: [...out.value.results, ...refused.map((c) => ({ seq: c.seq, status: 'rejected' as const, code: '42501', message: 'Not allowed by the server' }))] } };
    };
    await createPrompt(db, { name: 'Refused' });
    const fine = await createPrompt(db, { name: 'Fine' });
    await engine.syncNow();
    expect(fake.server.prompts.has(fine.ok ? fine.value.id : '')).toBe(true);
    await waitFor(() => expect(badge).toHaveTextContent('1 not synced'));

    const user = userEvent.setup();
    await user.click(within(badge).getByRole('button', { name: /Sync details/ }));
    const item = await screen.findByRole('listitem', { name: 'Prompt “Refused”' });
    expect(item).toHaveTextContent('Not allowed by the server');
    refuse = false;
    await user.click(within(item).getByRole('button', { name: 'Retry' }));
    await engine.syncNow();
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Prompt “Refused”' })).not.toBeInTheDocument());
    expect([...fake.server.prompts.values()].map((p) => p.row.name)).toContain('Refused');
  });

  it('discards a refused change on request', async () => {
    const fake = createFakeAccount();
    const { engine, db, badge } = await signedIn(fake);
    const push = fake.transport.push;
    fake.transport.push = async (req) => {
      const out = await push({ ...req, changes: [] });
      return out.kind === 'ok' ? { ...out, value: { ...out.value, results: req.changes.map((c) => ({ seq: c.seq, status: 'rejected' as const, code: 'P0001', message: 'Bad input' })) } } : out;
    };
    await createPrompt(db, { name: 'Doomed' });
    await engine.syncNow();
    const user = userEvent.setup();
    await user.click(within(badge).getByRole('button', { name: /Sync details/ }));
    const item = await screen.findByRole('listitem', { name: 'Prompt “Doomed”' });
    await user.click(within(item).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Prompt “Doomed”' })).not.toBeInTheDocument());
    expect(engine.getState().deadLetters).toEqual([]);
  });
});
