// The variables and model settings of the compared runs as rows of a table: one row per name, one cell
// per run, and whether the cells differ. Provider ids (device uuids) never show: the model reads by name.
import type { Run } from '@sync/model';

export interface CompareRow {
  name: string;
  values: string[];
  differs: boolean;
}

/** Settings keys shown under their own label or not at all (the model is shown by name; grouping is internal). */
const HIDDEN_SETTINGS = new Set(['provider', 'model_id', 'comparison_id']);
const SETTING_LABEL: Record<string, string> = { temperature: 'Temperature', max_tokens: 'Max tokens' };

function rows(names: string[], valueOf: (name: string, column: number) => string, columns: number): CompareRow[] {
  return names.map((name) => {
    const values = Array.from({ length: columns }, (_, i) => valueOf(name, i));
    return { name, values, differs: values.some((v) => v !== values[0]) };
  });
}

const show = (v: unknown): string => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function variableRows(runs: readonly Run[]): CompareRow[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.variable_values)))];
  return rows(names, (name, i) => runs[i]!.variable_values[name] ?? '—', runs.length);
}

export function settingRows(runs: readonly Run[], modelNames: readonly string[]): CompareRow[] {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.settings)))].filter((k) => !HIDDEN_SETTINGS.has(k));
  const model: CompareRow = { name: 'Model', values: [...modelNames], differs: modelNames.some((m) => m !== modelNames[0]) };
  return [model, ...rows(keys, (key, i) => show(runs[i]!.settings[key]), runs.length).map((r) => ({ ...r, name: SETTING_LABEL[r.name] ?? r.name }))];
}
