// "Save as template": a new prompt from a run's system message, first message and variables (the run's
// values become the defaults), with the run's model settings, linked back to the run it came from.
// Where the run's prompt, filled in with the run's values, still gives exactly the run's text, the
// prompt's own {{variables}} are kept; otherwise the run's text is taken as written.
import type { PromptRunsDB } from '../db';
import { AppError, type Message, type Prompt, type Result, type Run, type VariableDefinition } from '../model';
import { parseRunRecord } from '../parse-records';
import { activePath } from '../tree';
import { extractVariables, renderTemplate } from '../template';
import { createPrompt } from './prompts';
import { readRunMessages } from './runs';

/** Settings keys that describe one run, not how to run a prompt. */
const RUN_ONLY_SETTINGS = ['comparison_id', 'imported_from', 'import_id'];

/** The template that gives `text` with the run's values: the prompt's own when it still does, else the text. */
function templateFor(promptTemplate: string | undefined, text: string, values: Record<string, string>): string {
  if (promptTemplate === undefined) return text;
  const rendered = renderTemplate(promptTemplate, values);
  return rendered.missing.length === 0 && rendered.text === text ? promptTemplate : text;
}

export interface TemplateDraft {
  name: string;
  description: string;
  system_message: string;
  user_template: string;
  variables: VariableDefinition[];
  settings: Run['settings'];
}

/** What "Save as template" would make of a run (pure: the runner and tests read it). */
export function templateFromRun(run: Run, messages: readonly Message[], prompt: Prompt | null): TemplateDraft {
  const path = activePath(messages, run.current_leaf_id);
  const system = path.find((m) => m.role === 'system')?.content ?? '';
  const first = path.find((m) => m.role === 'user')?.content ?? '';
  const usable = prompt && prompt.status !== 'deleted' ? prompt : null;
  const systemMessage = templateFor(usable?.system_message, system, run.variable_values);
  const userTemplate = templateFor(usable?.user_template, first, run.variable_values);
  const names = extractVariables(`${systemMessage}\n${userTemplate}`);
  const known = new Map((usable?.variables ?? []).map((v) => [v.name, v]));
  const variables = names.map((name): VariableDefinition => {
    const description = known.get(name)?.description;
    return { name, default_value: run.variable_values[name] ?? known.get(name)?.default_value ?? '', ...(description ? { description } : {}) };
  });
  const settings = structuredClone(run.settings);
  for (const key of RUN_ONLY_SETTINGS) delete settings[key];
  return {
    name: run.name.trim() ? `${run.name.trim().slice(0, 980)} (template)` : 'Template',
    description: `Saved from the run “${run.name.slice(0, 200)}”.`,
    system_message: systemMessage,
    user_template: userTemplate,
    variables,
    settings,
  };
}

export async function saveRunAsTemplate(db: PromptRunsDB, runId: string): Promise<Result<Prompt>> {
  const raw = await db.runs.get(runId);
  const run = raw ? parseRunRecord(raw) : null;
  if (!run?.ok) return { ok: false, error: new AppError('not_found', 'That run no longer exists on this device.') };
  const [{ messages }, prompt] = await Promise.all([readRunMessages(db, runId), db.prompts.get(run.value.prompt_id)]);
  const draft = templateFromRun(run.value, messages, prompt ?? null);
  if (!draft.system_message && !draft.user_template) {
    return { ok: false, error: new AppError('invalid_input', 'This run has no messages yet: there is nothing to make a template from.') };
  }
  return createPrompt(db, { ...draft, source_run_id: run.value.id });
}
