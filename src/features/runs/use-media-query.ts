// Whether a CSS media query matches now, updated when it changes (e.g. rotating a tablet).
import { useSyncExternalStore } from 'react';

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** The sidebar sits beside the conversation from this width; below it, it is a drawer. */
export const DESKTOP_QUERY = '(min-width: 768px)';
