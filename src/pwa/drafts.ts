// Unsent messages, kept per prompt and run in localStorage: synchronous (restored on the first render,
// no flicker) and separate from IndexedDB, so a draft still saves when the database is out of space.
import { useEffect, useRef } from 'react';

const PREFIX = 'prompt-runs:draft:';
const MAX_DRAFT_CHARS = 200_000;
export const DRAFT_SAVE_DELAY_MS = 300;

export function draftKey(promptId: string, runId: string | null | undefined): string {
  return `${PREFIX}${promptId}:${runId ?? 'new'}`;
}

export function loadDraft(key: string): string {
  try {
    const raw = localStorage.getItem(key);
    // Validate what we read back: only a string of sane length is a draft.
    return typeof raw === 'string' && raw.length <= MAX_DRAFT_CHARS ? raw : '';
  } catch {
    return '';
  }
}

/** False when the browser refused (storage full or disabled); the text is still on screen. */
export function saveDraft(key: string, text: string): boolean {
  try {
    if (text.trim() === '') localStorage.removeItem(key);
    else localStorage.setItem(key, text.slice(0, MAX_DRAFT_CHARS));
    return true;
  } catch (error) {
    console.warn('[prompt-runs] could not keep the draft', error);
    return false;
  }
}

export const clearDraft = (key: string): boolean => saveDraft(key, '');

/** Saves `text` under `key` a moment after typing stops, and at once when the page is hidden or closed. */
export function useDraftAutosave(key: string, text: string): void {
  const latest = useRef({ key, text, dirty: false });
  useEffect(() => {
    if (latest.current.key === key && latest.current.text === text) return;
    latest.current = { key, text, dirty: true };
    const timer = setTimeout(() => {
      latest.current.dirty = false;
      saveDraft(key, text);
    }, DRAFT_SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key, text]);
  useEffect(() => {
    const flush = () => {
      if (!latest.current.dirty) return;
      latest.current.dirty = false;
      saveDraft(latest.current.key, latest.current.text);
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', flush);
      flush();
    };
  }, []);
}
