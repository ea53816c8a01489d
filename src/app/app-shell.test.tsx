// @vitest-environment jsdom
// index.html paints the app's first frame as static HTML before any script runs; React then renders its own
// first frame over it. If the two differ, the page visibly jumps (and Lighthouse counts a layout shift), so
// this keeps the copy in index.html equal to what React renders, for the start URL and for other pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { routes } from './routes';

// The header widgets (sync badge, install button) appear after start-up; the shell leaves their slot empty.
vi.mock('./header-slots', async (original) => ({ ...(await original<typeof import('./header-slots')>()), headerWidgets: [] }));

const html = readFileSync(join(process.cwd(), 'index.html'), 'utf8');

/** index.html's #root as the browser shows it at `path`, once the shell's inline script has run. */
function shellAt(path: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.body.innerHTML = doc.body.innerHTML.replace(/<script[\s\S]*?<\/script>/g, '');
  window.history.replaceState(null, '', path);
  const script = doc.getElementById('app-shell-script')?.textContent;
  if (!script) throw new Error('index.html has no #app-shell-script');
  new Function(script)();
  return document.getElementById('root')!.innerHTML;
}

/** React's first frame at `path`: the layout with the route's loading state (its code is not loaded yet). */
function reactAt(path: string): string {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  // data-discover is React Router's marker for its own link prefetching; no effect on what is shown.
  return renderToStaticMarkup(<RouterProvider router={router} />).replace(/ data-discover="true"/g, '');
}

/** The markup with each element's attributes in name order, so attribute order does not count. */
function normalized(markup: string): string {
  const template = document.createElement('template');
  template.innerHTML = markup;
  for (const element of template.content.querySelectorAll('*')) {
    const attributes = [...element.attributes].map((a) => [a.name, a.value] as const).sort(([a], [b]) => a.localeCompare(b));
    for (const [name] of attributes) element.removeAttribute(name);
    for (const [name, value] of attributes) element.setAttribute(name, value);
  }
  return template.innerHTML;
}

describe('index.html app shell', () => {
  it.each(['/ai/prompts', '/ai/prompts/runs', '/ai/prompts/run/p1/r1', '/settings', '/account'])(
    'matches React’s first frame at %s',
    (path) => {
      expect(normalized(shellAt(path)).split('><')).toEqual(normalized(reactAt(path)).split('><'));
    },
  );

  it('shows the prompt library heading and the current section on the start URL', () => {
    shellAt('/ai/prompts');
    expect(document.querySelector('h1')?.textContent).toBe('Prompts');
    expect(document.querySelector('a[aria-current="page"]')?.textContent).toBe('Prompts');
    shellAt('/ai/prompts/runs');
    expect(document.querySelector('h1')).toBeNull();
    expect(document.querySelector('a[aria-current="page"]')?.textContent).toBe('Runs');
  });
});
