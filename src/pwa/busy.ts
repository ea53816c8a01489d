// A tiny "don't reload now" signal: the runner reports a streaming reply or an unsent message, and the
// update prompt waits for quiet before it reloads. Kept outside React so any module can read it.
import { useEffect } from 'react';

/** Sources the runner reports: a reply streaming, a message typed but not sent. */
export const BUSY_REPLY = 'reply';
export const BUSY_TYPING = 'typing';

const sources = new Map<string, boolean>();
const listeners = new Set<() => void>();

export function setBusy(source: string, busy: boolean): void {
  if ((sources.get(source) ?? false) === busy) return;
  if (busy) sources.set(source, true);
  else sources.delete(source);
  listeners.forEach((l) => l());
}

export function isBusy(): boolean {
  return sources.size > 0;
}

export function subscribeBusy(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Resolves once none of `only` (default: any source) reports busy; at once when already quiet. */
export function whenIdle(only?: readonly string[]): Promise<void> {
  const busy = () => (only ? only.some((s) => sources.has(s)) : isBusy());
  if (!busy()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = subscribeBusy(() => {
      if (busy()) return;
      off();
      resolve();
    });
  });
}

/** Report `busy` for as long as the component is mounted. */
export function useReportBusy(source: string, busy: boolean): void {
  useEffect(() => {
    setBusy(source, busy);
  }, [source, busy]);
  useEffect(() => () => setBusy(source, false), [source]);
}
