// The wide-screen runs sidebar's state, kept on this device: whether it is open (it stays so from page to
// page), which runs it lists ("This prompt" or "All") and whether its folders are shown or folded away. A store of its own, read by the app's layout.
import { useSyncExternalStore } from 'react';

export type SidebarScope = 'prompt' | 'all';

export interface RunsSidebarState {
  open: boolean;
  scope: SidebarScope;
  /** The folder view above the list is unfolded. */
  folders: boolean;
}

/** From this width the sidebar sits beside every page; narrower, the runner has its own (runs-sidebar.tsx). */
export const WIDE_QUERY = '(min-width: 1024px)';

const KEY = 'prompt-runs:runs-sidebar';
const DEFAULT: RunsSidebarState = { open: false, scope: 'prompt', folders: true };
const listeners = new Set<() => void>();

function read(): RunsSidebarState {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<RunsSidebarState> | null;
    return { open: raw?.open === true, scope: raw?.scope === 'all' ? 'all' : 'prompt', folders: raw?.folders !== false };
  } catch {
    return DEFAULT;
  }
}

let state = typeof localStorage === 'undefined' ? DEFAULT : read();

export function setRunsSidebar(change: Partial<RunsSidebarState>): void {
  state = { ...state, ...change };
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // Not kept (storage refused), but applied for this visit.
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function useRunsSidebar(): RunsSidebarState {
  return useSyncExternalStore(subscribe, () => state, () => DEFAULT);
}

/** For tests: forget the state (as a new device). */
export function resetRunsSidebar(): void {
  state = read();
  listeners.forEach((listener) => listener());
}
