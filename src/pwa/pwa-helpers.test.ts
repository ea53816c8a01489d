// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { BUSY_REPLY, BUSY_TYPING, isBusy, setBusy, whenIdle } from './busy';
import { clearDraft, draftKey, loadDraft, saveDraft } from './drafts';
import { isIosSafari } from './install-state';
import { formatBytes, isNearlyFull } from './storage-estimate';

describe('drafts', () => {
  it('keeps a draft per prompt and run, and clears it', () => {
    const newRun = draftKey('p1', undefined);
    const run = draftKey('p1', 'r1');
    expect(saveDraft(newRun, 'first words')).toBe(true);
    saveDraft(run, 'reply to r1');
    expect(loadDraft(newRun)).toBe('first words');
    expect(loadDraft(run)).toBe('reply to r1');
    clearDraft(newRun);
    expect(loadDraft(newRun)).toBe('');
    expect(loadDraft(run)).toBe('reply to r1');
  });

  it('stores nothing for blank text and tells the caller when the browser refuses', () => {
    const key = draftKey('p2', null);
    saveDraft(key, '   ');
    expect(localStorage.getItem(key)).toBeNull();
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      expect(saveDraft(key, 'text')).toBe(false);
    } finally {
      Storage.prototype.setItem = original;
    }
  });
});

describe('busy signal', () => {
  it('waits for a streaming reply but can ignore typing', async () => {
    setBusy(BUSY_TYPING, true);
    setBusy(BUSY_REPLY, true);
    let done = false;
    const idle = whenIdle([BUSY_REPLY]).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    setBusy(BUSY_REPLY, false);
    await idle;
    expect(done).toBe(true);
    expect(isBusy()).toBe(true); // still typing
    setBusy(BUSY_TYPING, false);
    expect(isBusy()).toBe(false);
  });
});

describe('install hint detection', () => {
  const iphoneSafari =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
  it('offers the iOS hint in Safari on iPhone and iPad, not in other browsers', () => {
    expect(isIosSafari(iphoneSafari, 5)).toBe(true);
    expect(isIosSafari('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15', 5)).toBe(true);
    expect(isIosSafari('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15', 0)).toBe(false);
    expect(isIosSafari(iphoneSafari.replace('Version/17.4', 'CriOS/120.0'), 5)).toBe(false);
    expect(isIosSafari('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36', 5)).toBe(false);
  });
});

describe('storage figures', () => {
  it('formats sizes and flags 90% as nearly full', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
    expect(isNearlyFull({ usage: 90, quota: 100, persisted: null })).toBe(true);
    expect(isNearlyFull({ usage: 89, quota: 100, persisted: null })).toBe(false);
    expect(isNearlyFull({ usage: 0, quota: 0, persisted: null })).toBe(false);
  });
});
