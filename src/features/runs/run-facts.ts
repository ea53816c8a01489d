// A run's facts as people read them, the same in the details dialog and the Markdown export on every
// device: statuses in words, the model by name, settings and variables in the prompt's order (a synced
// JSON object's key order is the server's, not the author's).
import type { ModelSettings, Prompt, Run, RunStatus } from '@sync/model';

export const STATUS_WORDS: Record<RunStatus, string> = { active: 'Active', archived: 'Archived', deleted: 'In the trash' };

const NAMED: Record<string, string> = { temperature: 'Temperature', max_tokens: 'Max tokens' };
const HIDDEN = new Set(['provider', 'model_id', 'model_label']);

const words = (key: string) => {
  const spaced = key.replace(/[_-]+/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};
const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Model first (by name), then temperature and max tokens, then any other setting by name. */
export function settingsRows(settings: ModelSettings, modelName: string): Array<[string, string]> {
  const rest = Object.keys(settings)
    .filter((k) => !HIDDEN.has(k) && !(k in NAMED) && settings[k] !== undefined)
    .sort();
  return [
    ['Model', modelName],
    ...Object.keys(NAMED).filter((k) => settings[k] !== undefined).map((k): [string, string] => [NAMED[k]!, show(settings[k])]),
    ...rest.map((k): [string, string] => [words(k), show(settings[k])]),
  ];
}

/** The prompt's variables in its order, then any others the run has, alphabetically. */
export function variableRows(run: Pick<Run, 'variable_values'>, prompt: Pick<Prompt, 'variables'> | null): Array<[string, string]> {
  const values = run.variable_values;
  const ordered = (prompt?.variables ?? []).map((v) => v.name).filter((name) => Object.prototype.hasOwnProperty.call(values, name));
  const known = new Set(ordered);
  const others = Object.keys(values).filter((k) => !known.has(k)).sort();
  return [...ordered, ...others].map((name) => [name, values[name] ?? '']);
}
