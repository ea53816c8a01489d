// The app as a test sees it: the real route table in a memory router over a device database (accounts
// off, as the app runs signed out), and a prompt to run.
import { configure, render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { PromptRunsDB } from '@sync/db';
import { createPrompt, type PromptInput } from '@sync/store/prompts';
import { AccountProvider } from '@/lib/account/account-context';
import { routes } from '@/app/routes';

// Two shared cores and several test suites at once: give async queries room before calling it a failure.
configure({ asyncUtilTimeout: 5000 });

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
