// Short notices after a change, with Undo where the change can be taken back. One toast at a time,
// announced politely; it stays while hovered or focused so Undo is reachable with a keyboard.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { create } from 'zustand';
import { Button } from '@/components/ui/button';

interface Toast {
  id: number;
  text: string;
  undo?: () => void | Promise<void>;
}

interface ToastState {
  toast: Toast | null;
  show(text: string, undo?: Toast['undo']): void;
  dismiss(id: number): void;
}

let nextId = 1;
export const useToasts = create<ToastState>()((set) => ({
  toast: null,
  show: (text, undo) => set({ toast: { id: nextId++, text, ...(undo ? { undo } : {}) } }),
  dismiss: (id) => set((s) => (s.toast?.id === id ? { toast: null } : s)),
}));

export const showToast = (text: string, undo?: Toast['undo']) => useToasts.getState().show(text, undo);

const VISIBLE_MS = 8000;

// Several lists may be on screen at once (a page's and the wide-screen sidebar's), each with a region:
// one shows the toast, so it never appears twice. The first mounted does, unless a region sits in an open
// drawer: the page behind a modal drawer is hidden from screen readers and a tap there closes the drawer,
// so there the toast shows inside the drawer (tapping its Undo keeps the drawer open).
const regions: Array<{ inDrawer: boolean }> = [];
const regionListeners = new Set<() => void>();
const subscribeRegions = (listener: () => void) => {
  regionListeners.add(listener);
  return () => void regionListeners.delete(listener);
};

function useShownRegion(inDrawer: boolean): boolean {
  const [me] = useState(() => ({ inDrawer }));
  useEffect(() => {
    regions.push(me);
    regionListeners.forEach((l) => l());
    return () => {
      regions.splice(regions.indexOf(me), 1);
      regionListeners.forEach((l) => l());
    };
  }, [me]);
  return useSyncExternalStore(subscribeRegions, () => (regions.find((r) => r.inDrawer) ?? regions[0]) === me || regions.length === 0);
}

export function ToastRegion({ inDrawer = false }: { inDrawer?: boolean }) {
  const first = useShownRegion(inDrawer);
  const shown = useToasts((s) => s.toast);
  const toast = first ? shown : null;
  const dismiss = useToasts((s) => s.dismiss);
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!toast || held) return;
    const timer = setTimeout(() => dismiss(toast.id), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [toast, held, dismiss]);
  return (
    <div
      role="status"
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 bottom-20 z-[60] flex justify-center px-3"
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      {toast ? (
        <div
          // Room on the right for the text when there is no Undo button to fill it.
          className={`pointer-events-auto flex min-h-11 items-center gap-3 rounded-lg bg-slate-900 py-1 pl-4 text-sm text-white shadow-lg ${toast.undo ? 'pr-1' : 'pr-4'}`}
        >
          <span>{toast.text}</span>
          {toast.undo ? (
            <Button
              variant="inverse"
              onClick={() => {
                dismiss(toast.id);
                void toast.undo?.();
              }}
            >
              Undo
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
