// The colour theme: the system's (prefers-color-scheme) unless the person chose Light or Dark in Settings,
// a choice kept on this device (localStorage). index.html's first script applies a stored choice before the
// page paints; this module applies later changes, here and in the app's other tabs. The stylesheet does the
// rest (src/index.css re-maps the palette under data-theme="dark" or a dark system scheme).

export type ThemeChoice = 'light' | 'dark' | 'system';

export const THEME_STORAGE_KEY = 'prompt-runs:theme';

/** The top bar's colour in each theme: the browser's toolbar and an installed app's title bar match it. */
export const THEME_COLOURS = { light: '#ffffff', dark: '#0f172b' } as const;
/** The page's colour in each theme: an installed app's splash screen. */
export const BACKGROUND_COLOURS = { light: '#f8fafc', dark: '#020618' } as const;

const listeners = new Set<() => void>();

function isChoice(value: unknown): value is ThemeChoice {
  return value === 'light' || value === 'dark' || value === 'system';
}

export function readThemeChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return isChoice(stored) ? stored : 'system';
  } catch {
    return 'system'; // storage can be refused (some private modes): the system's theme then
  }
}

/** Puts `choice` on the page: the root's data-theme (none for System, so the stylesheet's media query
 *  decides) and the theme-color and color-scheme metas the browser reads. */
export function applyTheme(choice: ThemeChoice, doc: Document = document): void {
  const root = doc.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  for (const meta of doc.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
    // Each meta serves one system scheme (its media); an explicit choice sets both to its own colour.
    const scheme = choice === 'system' ? ((meta.getAttribute('media') ?? '').includes('dark') ? 'dark' : 'light') : choice;
    meta.setAttribute('content', THEME_COLOURS[scheme]);
  }
  doc.querySelector<HTMLMetaElement>('meta[name="color-scheme"]')?.setAttribute('content', choice === 'system' ? 'light dark' : choice);
}

/** Keeps the choice on this device and applies it now. */
export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Not kept (storage refused), but still applied for this visit.
  }
  applyTheme(choice);
  listeners.forEach((listener) => listener());
}

/** For useSyncExternalStore: this tab's changes and other tabs' (storage events). */
export function subscribeTheme(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY && event.key !== null) return;
    applyTheme(readThemeChoice());
    listener();
  };
  listeners.add(listener);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Applies choices made in the app's other tabs to this one, while the app runs (returns the stop). */
export function followThemeChanges(): () => void {
  return subscribeTheme(() => undefined);
}
