// Keyboard shortcuts of the runner (the ones chat apps share): Ctrl/⌘+K search runs, Ctrl/⌘+Shift+S
// show or hide the runs sidebar, Ctrl/⌘+Shift+O start a new run.
import { useEffect, useRef } from 'react';

interface ShortcutHandlers {
  search: () => void;
  sidebar: () => void;
  newRun: () => void;
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      const action = key === 'k' && !e.shiftKey ? 'search' : key === 's' && e.shiftKey ? 'sidebar' : key === 'o' && e.shiftKey ? 'newRun' : null;
      if (!action) return;
      e.preventDefault();
      ref.current[action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
