// Whether a CSS media query matches now, updated when it changes (e.g. rotating a tablet).
import { useSyncExternalStore } from 'react';

/** Without matchMedia (an embedded view, a test DOM) nothing matches: the narrow layout, which works everywhere. */
const hasMatchMedia = (): boolean => typeof window !== 'undefined' && typeof window.matchMedia === 'function';

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      if (!hasMatchMedia()) return () => {};
      const list = window.matchMedia(query);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    () => hasMatchMedia() && window.matchMedia(query).matches,
    () => false,
  );
}

/** The sidebar sits beside the conversation from this width; below it, it is a drawer. */
export const DESKTOP_QUERY = '(min-width: 768px)';

/** Where the runs list is narrow (a phone, or the drawer below DESKTOP_QUERY): its filters fold into one sheet. */
export const COMPACT_QUERY = '(max-width: 767px)';
