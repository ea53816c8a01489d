// Test helpers for the runs library: runs made through the store at chosen times, and the library
// rendered alone in a router (the database and layout come from the shared kit, src/test).
import { configure, render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import type { PromptRunsDB } from '@sync/db';
import { newId, setTimeSource } from '@sync/clock';
import type { Message, ModelSettings } from '@sync/model';
import { createRun } from '@sync/store/runs';
import { DbProvider } from '@/lib/data/db-context';
import { RunsLibrary } from '../runs-library';
import { ToastRegion } from '../toasts';

configure({ asyncUtilTimeout: 5000 });

export const NOW = new Date(2026, 4, 20, 15, 0, 0); // 20 May 2026, 15:00 local time

/** Make a run whose last message is `ago` ms before NOW, with a question and an answer. */
export async function addRun(
  db: PromptRunsDB,
  name: string,
  opts: { ago?: number; answer?: string; prompt?: string; model?: string; settings?: ModelSettings; variables?: Record<string, string> } = {},
) {
  const at = NOW.getTime() - (opts.ago ?? 0);
  const restore = setTimeSource(() => at);
  try {
    // The question a millisecond before the answer: equal times would leave the latest message to the ids' order.
    const msg = (role: Message['role'], content: string, parentId: string | null, ms = at): Message => ({
      id: newId(), runId: '', parentId, role, content, status: 'done', createdAt: new Date(ms).toISOString(),
    });
    const question = msg('user', `Question for ${name}`, null, at - 1);
    const [provider, model_id] = (opts.model ?? 'echo:echo').split(':');
    const result = await createRun(db, opts.prompt ?? 'p1', {
      name,
      variable_values: opts.variables ?? {},
      settings: opts.settings ?? { provider: provider!, model_id: model_id! },
      messages: [question, msg('assistant', opts.answer ?? `Answer for ${name}`, question.id)],
    });
    if (!result.ok) throw result.error;
    return result.value;
  } finally {
    restore();
  }
}

export function renderLibrary(db: PromptRunsDB, props: { promptId?: string; byPrompt?: boolean; folderInUrl?: boolean; folderNav?: boolean } = {}, path = '/') {
  return render(
    <DbProvider db={db}>
      <MemoryRouter initialEntries={[path]}>
        <RunsLibrary label="Runs" {...props} />
        <ToastRegion />
        <CurrentPath />
      </MemoryRouter>
    </DbProvider>,
  );
}

/** The router's location, for tests of navigation: `screen.getByRole('textbox', { name: 'Location' })`. */
function CurrentPath() {
  const location = useLocation();
  return <input readOnly aria-label="Location" value={location.pathname + location.search} />;
}
