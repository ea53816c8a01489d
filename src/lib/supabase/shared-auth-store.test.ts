// @vitest-environment jsdom
// The session store the page's supabase-js and the service worker share.
import { describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import { authLockName, authStorageKey, createSharedAuthStorage, readShared } from './shared-auth-store';

function legacyStorage(entries: Record<string, string>) {
  const map = new Map(Object.entries(entries));
  return { getItem: (k: string) => map.get(k) ?? null, removeItem: (k: string) => void map.delete(k), map };
}

describe('shared auth storage', () => {
  it('moves a session an older version left in localStorage, so the update signs nobody out', async () => {
    const key = `sb-test-${crypto.randomUUID()}-auth-token`;
    const legacy = legacyStorage({ [key]: '{"access_token":"a","refresh_token":"r"}' });
    const storage = createSharedAuthStorage(legacy);
    expect(await storage.getItem(key)).toBe('{"access_token":"a","refresh_token":"r"}');
    // Now readable where the worker looks, and gone from localStorage (one copy, no stale twin).
    expect(await readShared(key)).toBe('{"access_token":"a","refresh_token":"r"}');
    expect(legacy.map.has(key)).toBe(false);
    expect(await storage.getItem(key)).toBe('{"access_token":"a","refresh_token":"r"}');
  });

  it('writes and removes in the shared store; signing out clears any old copy too', async () => {
    const key = `sb-test-${crypto.randomUUID()}-auth-token`;
    const legacy = legacyStorage({});
    const storage = createSharedAuthStorage(legacy);
    expect(await storage.getItem(key)).toBeNull();
    await storage.setItem(key, 'session-1');
    expect(await readShared(key)).toBe('session-1');
    legacy.map.set(key, 'stale');
    await storage.removeItem(key);
    expect(await readShared(key)).toBeNull();
    expect(legacy.map.has(key)).toBe(false);
  });

  it('names the storage key and lock as supabase-js does for a project URL', () => {
    expect(authStorageKey('https://abcd1234.supabase.co')).toBe('sb-abcd1234-auth-token');
    expect(authStorageKey('http://127.0.0.1:54321')).toBe('sb-127-auth-token');
    expect(authLockName('http://127.0.0.1:54321')).toBe('lock:sb-127-auth-token');
    // The installed supabase-js agrees (a future version changing its default would break the worker).
    const client = createClient('https://abcd1234.supabase.co', 'k', { auth: { persistSession: false, autoRefreshToken: false } });
    expect((client.auth as unknown as { storageKey: string }).storageKey).toBe('sb-abcd1234-auth-token');
  });
});
