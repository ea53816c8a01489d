// Which model writes a run's next reply: the run's own until the person picks another in the runner (the
// run's settings snapshot keeps the model it started with; each reply records its own).
import type { Message, Run } from '@sync/model';
import { fromModelValue } from '@/lib/llm/model-value';

/** The model settings of a run's next reply: the run's own (temperature, limits) with the model picked now.
 *  The run's saved name for its model is kept only while that is the model replying. */
export function replySettings(run: Run, model: string): Run['settings'] {
  const picked = fromModelValue(model);
  if (!picked.provider || !picked.model_id) return run.settings;
  if (picked.provider === run.settings.provider && picked.model_id === run.settings.model_id) return run.settings;
  const { model_label: _theRunsModel, ...rest } = run.settings;
  return { ...rest, provider: picked.provider, model_id: picked.model_id };
}

/** The model a resumed run goes on with: the one that wrote its latest reply on the branch shown (the
 *  person may have switched mid-run), else the model the run started with. */
export function resumeModel(run: Run, path: readonly Message[]): string {
  const lastReply = [...path].reverse().find((m) => m.role === 'assistant' && typeof m.metadata?.model === 'string');
  const key = lastReply?.metadata?.model;
  return typeof key === 'string' && /^[^:]+:.+$/.test(key) ? key : `${run.settings.provider}:${run.settings.model_id}`;
}
