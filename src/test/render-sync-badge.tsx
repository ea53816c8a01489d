// Test kit of the sync-status tests: the badge rendered for an account signed up on the fake backend,
// once its first sync is done (inside a router, so the panel's links work).
import { render, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import { MemoryRouter } from 'react-router';
import { AccountProvider } from '@/lib/account/account-context';
import type { FakeAccount } from './fake-account';
import { SyncStatusBadge } from '@/features/sync-status/sync-status-badge';

export async function renderSignedInBadge(fake: FakeAccount) {
  render(
    <MemoryRouter>
      <AccountProvider controller={fake.controller}>
        <SyncStatusBadge />
      </AccountProvider>
    </MemoryRouter>,
  );
  await fake.controller.start();
  await fake.controller.signUp('ada@example.com', 'secret123');
  const engine = fake.controller.store.getState().engine!;
  await waitFor(() => expect(engine.getState().lastSyncedAt).not.toBeNull());
  return { engine, db: fake.controller.store.getState().db, badge: screen.getByRole('status', { name: 'Sync status' }) };
}
