// @vitest-environment jsdom
// index.html's first script applies a stored theme before the page paints; src/lib/theme.ts applies later
// choices. The two must put the same things on the page, or a reload would show another theme than Settings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyTheme, readThemeChoice, setThemeChoice, subscribeTheme, THEME_COLOURS, THEME_STORAGE_KEY, type ThemeChoice } from './theme';

const html = readFileSync(join(process.cwd(), 'index.html'), 'utf8');

/** A document with index.html's head, as the browser has it once the head's scripts have run. */
function loadHead(): Document {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const script = doc.getElementById('theme-script')?.textContent;
  if (!script) throw new Error('index.html has no #theme-script');
  // The script reads the global document: run it against this one.
  new Function('document', 'localStorage', script)(doc, localStorage);
  return doc;
}

/** What a theme puts on the page: the root's data-theme and the metas the browser reads. */
function themeMarks(doc: Document) {
  return {
    dataTheme: doc.documentElement.getAttribute('data-theme'),
    themeColours: [...doc.querySelectorAll('meta[name="theme-color"]')].map((m) => `${m.getAttribute('media')} ${m.getAttribute('content')}`),
    colorScheme: doc.querySelector('meta[name="color-scheme"]')?.getAttribute('content'),
  };
}

afterEach(() => localStorage.clear());

describe('theme', () => {
  it.each<ThemeChoice>(['light', 'dark', 'system'])('index.html’s first script and applyTheme agree for %s', (choice) => {
    if (choice !== 'system') localStorage.setItem(THEME_STORAGE_KEY, choice);
    const fromScript = themeMarks(loadHead());
    localStorage.clear();
    const later = new DOMParser().parseFromString(html, 'text/html');
    applyTheme(choice, later);
    expect(fromScript).toEqual(themeMarks(later));
  });

  it('uses the system’s theme with nothing stored, or anything unknown stored', () => {
    expect(themeMarks(loadHead())).toEqual({
      dataTheme: null,
      themeColours: [`(prefers-color-scheme: light) ${THEME_COLOURS.light}`, `(prefers-color-scheme: dark) ${THEME_COLOURS.dark}`],
      colorScheme: 'light dark',
    });
    localStorage.setItem(THEME_STORAGE_KEY, 'purple');
    expect(themeMarks(loadHead()).dataTheme).toBeNull();
    expect(readThemeChoice()).toBe('system');
  });

  it('a dark choice colours both theme-color metas and is kept; System forgets it', () => {
    let changes = 0;
    const stop = subscribeTheme(() => (changes += 1));
    setThemeChoice('dark');
    expect(readThemeChoice()).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(themeMarks(loadHead()).themeColours).toEqual([
      `(prefers-color-scheme: light) ${THEME_COLOURS.dark}`,
      `(prefers-color-scheme: dark) ${THEME_COLOURS.dark}`,
    ]);
    setThemeChoice('system');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(changes).toBe(2);
    stop();
  });

  it('follows a choice made in another tab', () => {
    let changes = 0;
    const stop = subscribeTheme(() => (changes += 1));
    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    window.dispatchEvent(new StorageEvent('storage', { key: THEME_STORAGE_KEY, newValue: 'light' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(changes).toBe(1);
    stop();
  });
});
