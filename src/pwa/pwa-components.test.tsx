// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AppError, err, ok } from '@sync/model';
import { StorageSettings } from './storage-settings';
import { StorageFullAlert } from './storage-full-alert';
import { noteWriteOutcome } from './storage-full';
import { UpdatePrompt } from './update-prompt';
import { setSyncNeedsUpdate, setUpdatePhase } from './update-state';

function fakeStorage(usage: number, quota: number, persisted: boolean) {
  const persist = vi.fn(async () => true);
  Object.defineProperty(navigator, 'storage', {
    configurable: true,
    value: { estimate: async () => ({ usage, quota }), persisted: async () => persisted, persist },
  });
  return persist;
}

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(navigator, 'storage');
});

describe('Settings → Storage', () => {
  it('shows usage against quota and warns near the limit', async () => {
    fakeStorage(95 * 1024 * 1024, 100 * 1024 * 1024, true);
    render(<StorageSettings />);
    expect(await screen.findByText(/Using 95 MB of 100 MB available to this app \(95%\)/)).toBeInTheDocument();
    expect(screen.getByRole('meter', { name: 'Storage used' })).toHaveAttribute('aria-valuenow', '95');
    expect(screen.getByRole('alert')).toHaveTextContent('Storage is almost full');
    expect(screen.getByText(/will not clear them/)).toBeInTheDocument();
  });

  it('gives no warning with room to spare, and asks for persistent storage on request', async () => {
    const persist = fakeStorage(10 * 1024 * 1024, 1024 * 1024 * 1024, false);
    render(<StorageSettings />);
    await screen.findByText(/Using 10 MB of 1.0 GB/);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Keep my data on this device' }));
    expect(persist).toHaveBeenCalledTimes(1);
  });
});

describe('storage-full alert', () => {
  it('appears on a quota failure and goes after the next successful write', async () => {
    render(<StorageFullAlert />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    noteWriteOutcome(err(new AppError('quota_exceeded', 'full')));
    expect(await screen.findByRole('alert')).toHaveTextContent('Storage is full on this device');
    noteWriteOutcome(ok(undefined));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });
});

describe('update prompt', () => {
  it('offers Reload when a new version waits, and says the reload waits for a live reply', async () => {
    render(<UpdatePrompt />);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    setUpdatePhase('ready');
    expect(await screen.findByRole('status')).toHaveTextContent('A new version is ready.');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    setUpdatePhase('waiting-for-reply');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('It loads as soon as the reply finishes.'));
    expect(screen.queryByRole('button', { name: 'Reload' })).not.toBeInTheDocument();
    setUpdatePhase('none');
  });

  it('says a new version is needed to sync when the sync server no longer speaks this one, with Reload', async () => {
    render(<UpdatePrompt />);
    setSyncNeedsUpdate(true);
    expect(await screen.findByRole('status')).toHaveTextContent('A new version of the app is needed to sync. Your changes stay on this device until then.');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    setSyncNeedsUpdate(false);
    await waitFor(() => expect(screen.queryByRole('status')).not.toBeInTheDocument());
  });
});
