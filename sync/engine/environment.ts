// Browser signals the engine listens to, behind a port so Node tests drive them by hand.
export interface SyncEnvironment {
  isOnline(): boolean;
  /** The page is on screen (hidden tabs skip idle polling to spare battery; pending pushes still go). */
  isVisible(): boolean;
  /** Subscribe to connectivity, visibility and focus changes; returns an unsubscribe function. */
  onOnline(listener: () => void): () => void;
  onOffline(listener: () => void): () => void;
  onVisible(listener: () => void): () => void;
}

/** The real browser signals; in Node (no window) the device counts as always online. */
export function browserEnvironment(): SyncEnvironment {
  const w = typeof window !== 'undefined' ? window : undefined;
  const on = (target: EventTarget | undefined, event: string, listener: () => void) => {
    target?.addEventListener(event, listener);
    return () => target?.removeEventListener(event, listener);
  };
  return {
    isOnline: () => (typeof navigator !== 'undefined' && 'onLine' in navigator ? navigator.onLine : true),
    isVisible: () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
    onOnline: (l) => on(w, 'online', l),
    onOffline: (l) => on(w, 'offline', l),
    onVisible: (l) => {
      const visible = () => {
        if (typeof document === 'undefined' || document.visibilityState === 'visible') l();
      };
      const offVisibility = on(typeof document !== 'undefined' ? document : undefined, 'visibilitychange', visible);
      const offFocus = on(w, 'focus', l);
      return () => {
        offVisibility();
        offFocus();
      };
    },
  };
}

/** A hand-driven environment for tests. */
export function manualEnvironment(initiallyOnline = true) {
  let online = initiallyOnline;
  const listeners = { online: new Set<() => void>(), offline: new Set<() => void>(), visible: new Set<() => void>() };
  const add = (set: Set<() => void>, l: () => void) => {
    set.add(l);
    return () => void set.delete(l);
  };
  const env: SyncEnvironment & { setOnline(v: boolean): void; becomeVisible(): void } = {
    isOnline: () => online,
    isVisible: () => true,
    onOnline: (l) => add(listeners.online, l),
    onOffline: (l) => add(listeners.offline, l),
    onVisible: (l) => add(listeners.visible, l),
    setOnline: (v) => {
      online = v;
      for (const l of v ? listeners.online : listeners.offline) l();
    },
    becomeVisible: () => listeners.visible.forEach((l) => l()),
  };
  return env;
}
