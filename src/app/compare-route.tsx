// The compare view with the runner's sessions behind its columns: each column continues its run exactly
// as the runner would (saves, checkpoints, sync), composed here so neither feature imports the other.
import type { PromptRunsDB } from '@sync/db';
import type { Message, Prompt, Run } from '@sync/model';
import { getPrompt } from '@sync/store/prompts';
import { getProvider } from '@/lib/llm/providers-store';
import { streamChat } from '@/lib/llm/stream-chat';
import { ComparePage } from '@/features/compare/compare-page';
import { ColumnSessionProvider, type ColumnSession } from '@/features/compare/column-session';
import { followStoredRun } from '@/features/runner/follow-stored-run';
import { createRunnerStore } from '@/features/runner/runner-store';

/** A run whose prompt is gone (deleted forever, or not synced yet) still continues: only its name is needed. */
function standInPrompt(run: Run): Prompt {
  return {
    id: run.prompt_id, user_id: null, name: 'Unknown prompt', description: '', system_message: '', user_template: '', variables: [],
    settings: run.settings, status: 'active', created_at: run.created_at, updated_at: run.created_at, field_updated_at: {},
  };
}

export async function openColumnSession(db: PromptRunsDB, loaded: { run: Run; messages: Message[] }): Promise<ColumnSession> {
  const prompt = (await getPrompt(db, loaded.run.prompt_id)) ?? standInPrompt(loaded.run);
  const store = createRunnerStore({
    db,
    prompt,
    loaded,
    resolveProvider: (providerId) => getProvider(db, providerId),
    stream: (request) => streamChat(request),
  });
  const unfollow = followStoredRun(db, store);
  return {
    store,
    send: (text) => store.getState().send(text),
    replyToLeaf: () => store.getState().replyToLeaf(),
    stop: () => store.getState().stop(),
    dispose: () => {
      unfollow();
      store.getState().dispose();
    },
  };
}

export function CompareRoute() {
  return (
    <ColumnSessionProvider value={openColumnSession}>
      <ComparePage />
    </ColumnSessionProvider>
  );
}
