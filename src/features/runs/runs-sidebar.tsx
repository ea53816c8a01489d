// The runner's runs sidebar (seed 3.2): on desktop a ~300px panel beside the conversation, on a phone a
// drawer sliding in from the left over it, closed by X, Escape, a left swipe or a tap outside. It wraps
// the runner's column, so the runner only says whether it is open.
import { useEffect, useRef, useState, type ReactNode, type PointerEvent } from 'react';
import { Dialog } from 'radix-ui';
import { useNavigate } from 'react-router';
import { X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { RunsLibrary } from './runs-library';
import { ToastRegion } from './toasts';
import { DESKTOP_QUERY, useMediaQuery } from './use-media-query';
import { setRunsSidebar, useRunsSidebar, WIDE_QUERY } from './runs-sidebar-state';
import { useShortcuts } from './use-shortcuts';
import './drawer.css';

interface RunsSidebarLayoutProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  promptId: string;
  currentRunId: string | null;
  children: ReactNode;
}

const TITLE = 'Previous runs';
const SWIPE_CLOSE_PX = 80;
const OPEN_KEY = 'prompt-runs:sidebar-open';

export function RunsSidebarLayout({ open, onOpenChange, promptId, currentRunId, children }: RunsSidebarLayoutProps) {
  const desktop = useMediaQuery(DESKTOP_QUERY);
  // From 1024 px the app's own sidebar (app-runs-sidebar.tsx, beside every page) is this one.
  const wide = useMediaQuery(WIDE_QUERY);
  useSharedOpenState(wide, open, onOpenChange);
  const navigate = useNavigate();
  const searchRef = useRef<HTMLInputElement>(null);
  const [focusSearch, setFocusSearch] = useState(false);
  const swipe = useSwipeToClose(() => onOpenChange(false));
  useShortcuts({
    search: () => {
      onOpenChange(true);
      setFocusSearch(true);
    },
    sidebar: () => onOpenChange(!open),
    newRun: () => void navigate(`/ai/prompts/run/${promptId}`, { state: { fresh: true } }),
  });
  // On desktop the panel stays open from run to run (each opened run is a new runner session).
  const restored = useRef(false);
  useEffect(() => {
    if (!restored.current) {
      restored.current = true;
      if (desktop && !wide && !open && sessionStorage.getItem(OPEN_KEY) === '1') return onOpenChange(true);
    }
    if (desktop && !wide) sessionStorage.setItem(OPEN_KEY, open ? '1' : '0');
  }, [desktop, wide, open, onOpenChange]);
  // The search box exists only once the sidebar has rendered: focus it then.
  useEffect(() => {
    if (!focusSearch || !open) return;
    // The wide-screen sidebar is the app's, loaded on demand: look for its box for a few frames.
    let frame = 0;
    let tries = 60;
    const focus = () => {
      const box = searchRef.current ?? document.querySelector<HTMLInputElement>('#previous-runs input[type="search"]');
      if (box || --tries === 0) {
        box?.focus();
        setFocusSearch(false);
      } else frame = requestAnimationFrame(focus);
    };
    frame = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(frame);
  });

  const library = (
    <RunsLibrary
      ref={searchRef}
      promptId={promptId}
      currentRunId={currentRunId}
      label="Runs of this prompt"
      folderNav={desktop}
      {...(desktop ? {} : { onOpenRun: () => onOpenChange(false) })}
    />
  );
  return (
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-0">
      {desktop && !wide && open ? (
        <aside id="previous-runs" aria-label={TITLE} className="flex w-[300px] shrink-0 flex-col border-r border-slate-200 bg-white">
          <div className="flex items-center justify-between pl-3 pr-1">
            <h2 className="text-sm font-semibold">{TITLE}</h2>
            <Button variant="ghost" aria-label="Close previous runs" onClick={() => onOpenChange(false)}>
              <X className="size-4" aria-hidden="true" />
            </Button>
          </div>
          {library}
        </aside>
      ) : null}
      <div className="flex min-w-0 flex-1 flex-col">{children}</div>
      {desktop ? null : (
        <Dialog.Root open={open} onOpenChange={onOpenChange}>
          <Dialog.Portal>
            <Dialog.Overlay className="runs-drawer-overlay fixed inset-0 z-40 bg-black/40" />
            <Dialog.Content id="previous-runs" className="runs-drawer fixed inset-y-0 left-0 z-50 flex w-[calc(100vw-2.5rem)] max-w-md flex-col bg-white shadow-xl"
              onCloseAutoFocus={(e) => {
                // Back to the toggle that opened it, however it was closed (X, Escape, swipe, tap outside).
                const toggle = document.querySelector<HTMLElement>('[aria-controls="previous-runs"]');
                if (!toggle) return;
                e.preventDefault();
                toggle.focus();
              }}
              {...swipe}
            >
              <div className="flex items-center justify-between border-b border-slate-200 pl-3 pr-1">
                <Dialog.Title className="text-base font-semibold">{TITLE}</Dialog.Title>
                <Dialog.Close className="inline-flex size-11 items-center justify-center rounded-md hover:bg-slate-100" aria-label="Close previous runs">
                  <X className="size-5" aria-hidden="true" />
                </Dialog.Close>
              </div>
              <Dialog.Description className="sr-only">This prompt's saved runs. Swipe left or press Escape to close.</Dialog.Description>
              {library}
              <ToastRegion inDrawer />
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
      )}
      <ToastRegion />
    </div>
  );
}

/**
 * On a wide screen the runner's "Previous runs" state is the app sidebar's: the runner's toggle (and
 * Ctrl+Shift+S) opens or closes that one, and the header's toggle is reflected in the runner's button.
 */
function useSharedOpenState(wide: boolean, open: boolean, onOpenChange: (open: boolean) => void) {
  const shared = useRunsSidebar().open;
  const last = useRef({ open, shared });
  useEffect(() => {
    const was = last.current;
    last.current = { open, shared };
    if (!wide || open === shared) return;
    // Whichever changed since the last render wins; at first the shared (kept) state does.
    if (open !== was.open && shared === was.shared) setRunsSidebar({ open });
    else onOpenChange(shared);
  }, [wide, open, shared, onOpenChange]);
}

/** A left swipe on the drawer (outside a run item, whose own left swipe deletes) closes it. */
function useSwipeToClose(close: () => void) {
  const start = useRef<{ x: number; y: number } | null>(null);
  return {
    onPointerDown(e: PointerEvent) {
      const onItem = (e.target as Element).closest('[role="listitem"]');
      start.current = e.pointerType === 'touch' && !onItem ? { x: e.clientX, y: e.clientY } : null;
    },
    onPointerUp(e: PointerEvent) {
      const s = start.current;
      start.current = null;
      if (s && s.x - e.clientX >= SWIPE_CLOSE_PX && Math.abs(e.clientY - s.y) < SWIPE_CLOSE_PX) close();
    },
  };
}
