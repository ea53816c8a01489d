// "Save a copy" of a shared run: the conversation as a run of the reader's own (signed in or local-only),
// under a new prompt named after the shared one. New ids throughout, so the copy shares nothing with the
// original; the messages keep their text, order, times and the model that wrote each reply.
import type { PromptRunsDB } from '../db';
import { newId } from '../clock';
import type { Message, Result } from '../model';
import { createPrompt, deletePrompt } from '../store/prompts';
import { createRun } from '../store/runs';
import type { SharedRunView } from './shared-view';

/** The model a copy names: the reader's device may not have the owner's provider, so the name is kept. */
const COPY_PROVIDER = 'shared-link';

export async function saveSharedCopy(db: PromptRunsDB, view: SharedRunView): Promise<Result<{ promptId: string; runId: string }>> {
  const prompt = await createPrompt(db, {
    name: view.prompt_name.trim() || 'Shared prompt',
    description: `Saved from a shared link on ${new Date().toLocaleDateString()}.`,
    variables: view.variables.map((v) => ({ name: v.name, default_value: v.value })),
    settings: { provider: 'echo', model_id: 'echo' },
  });
  if (!prompt.ok) return prompt;
  const runId = newId();
  let parentId: string | null = null;
  const messages: Message[] = view.messages.map((m) => {
    const message: Message = {
      id: newId(), runId, parentId, role: m.role, content: m.content, status: m.status, createdAt: new Date(m.created_at).toISOString(),
      ...(m.model_name ? { metadata: { modelName: m.model_name } } : {}),
    };
    parentId = message.id;
    return message;
  });
  const run = await createRun(db, prompt.value.id, {
    name: view.run_name.trim() || undefined,
    variable_values: Object.fromEntries(view.variables.map((v) => [v.name, v.value])),
    settings: { provider: COPY_PROVIDER, model_id: view.model_id || view.model_name, model_label: view.model_name },
    messages,
  });
  if (!run.ok) {
    await deletePrompt(db, prompt.value.id).catch(() => undefined);
    return run;
  }
  return { ok: true, value: { promptId: prompt.value.id, runId: run.value.id } };
}
