// Test helpers: the real route table in a memory router over a fresh fake-indexeddb database (accounts
// off, as the app runs signed out), a fast Echo, and a jsdom layout that gives the virtualised
// conversation a viewport to fill.
import { configure, render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { PromptRunsDB } from '@sync/db';
import { createPrompt, type PromptInput } from '@sync/index';
import { AccountProvider } from '@/lib/account/account-context';
import { routes } from '@/app/routes';

// Two shared cores and several test suites at once: give async queries room before calling it a failure.
configure({ asyncUtilTimeout: 5000 });

let dbCount = 0;

export function freshDb(): PromptRunsDB {
  dbCount += 1;
  return new PromptRunsDB(`runner-test-${dbCount}-${Math.random().toString(36).slice(2)}`);
}

export function renderApp(db: PromptRunsDB, path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <AccountProvider db={db}>
      <RouterProvider router={router} />
    </AccountProvider>,
  );
  return { router, ...view };
}

export async function addPrompt(db: PromptRunsDB, input: PromptInput = {}) {
  const result = await createPrompt(db, {
    name: 'Explain',
    system_message: 'You teach {{audience}}.',
    user_template: 'Explain {{topic}}.',
    variables: [
      { name: 'topic', default_value: 'caching' },
      { name: 'audience', default_value: 'beginners' },
    ],
    settings: { provider: 'echo', model_id: 'echo' },
    ...input,
  });
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * jsdom has no layout: give the conversation's scroll box a 2000px viewport and each row 40px, so the
 * virtualiser renders every row of these short test conversations (and only rows, as in a browser).
 */
export function installLayout(): () => void {
  const proto = HTMLElement.prototype;
  const client = Object.getOwnPropertyDescriptor(proto, 'clientHeight');
  const offset = Object.getOwnPropertyDescriptor(proto, 'offsetHeight');
  Object.defineProperty(proto, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('aria-label') === 'Conversation' ? 2000 : 0;
    },
  });
  Object.defineProperty(proto, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.hasAttribute('data-index') ? 40 : 0;
    },
  });
  // jsdom has no matchMedia; the runs sidebar asks it whether to be a panel or a drawer (phone: no match).
  const hadMatchMedia = typeof window.matchMedia === 'function';
  if (!hadMatchMedia) {
    window.matchMedia = (query: string) =>
      ({ matches: false, media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList;
  }
  return () => {
    if (!hadMatchMedia) delete (window as Partial<Window>).matchMedia;
    if (client) Object.defineProperty(proto, 'clientHeight', client);
    if (offset) Object.defineProperty(proto, 'offsetHeight', offset);
  };
}
