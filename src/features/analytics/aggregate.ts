// The analytics figures from the kept totals rows of a period: grouped by day or week, by model or by
// prompt, with costs from this device's prices and names people read (never ids).
import type { PriceTable } from '@sync/usage/prices';
import { costOf } from '@sync/usage/prices';
import type { UsageTotalRow } from '@sync/usage/usage-totals';
import { stepLabel, stepsBetween, weekOf } from './periods';

export interface Figures {
  key: string;
  label: string;
  runs: number;
  replies: number;
  inputTokens: number;
  outputTokens: number;
  /** Dollars; null when no reply of the group has a price. */
  cost: number | null;
  /** Replies whose model has no price (left out of the cost). */
  unpriced: number;
  /** Replies whose token counts are estimates. */
  estimated: number;
  /** Mean total time of a reply, ms; null with no timed reply. */
  avgLatency: number | null;
  totalTime: number;
  timedReplies: number;
}

export type Grouping = 'day' | 'week' | 'model' | 'prompt';

const empty = (key: string, label: string): Figures => ({ key, label, runs: 0, replies: 0, inputTokens: 0, outputTokens: 0, cost: null, unpriced: 0, estimated: 0, avgLatency: null, totalTime: 0, timedReplies: 0 });

function add(into: Figures, row: UsageTotalRow, prices: PriceTable) {
  into.runs += row.runs;
  into.replies += row.replies;
  into.inputTokens += row.inputTokens;
  into.outputTokens += row.outputTokens;
  into.estimated += row.estimatedReplies;
  into.totalTime += row.totalTime;
  into.timedReplies += row.timedReplies;
  const cost = costOf({ input: row.inputTokens, output: row.outputTokens }, prices[row.modelId]);
  if (cost === null) into.unpriced += row.replies;
  else if (row.replies > 0) into.cost = (into.cost ?? 0) + cost;
  into.avgLatency = into.timedReplies > 0 ? into.totalTime / into.timedReplies : null;
}

export interface Names {
  prompt: (promptId: string) => string;
}

/** The model's name for each model id: what its replies recorded, else the id. */
export function modelNames(rows: readonly UsageTotalRow[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of rows) if (r.modelName || !names.has(r.modelId)) names.set(r.modelId, r.modelName || names.get(r.modelId) || r.modelId);
  return names;
}

export function totalOf(rows: readonly UsageTotalRow[], prices: PriceTable): Figures {
  const t = empty('total', 'Total');
  for (const r of rows) add(t, r, prices);
  return t;
}

/**
 * Figures per group. By day or week, every step of `range` is there (zero when quiet); by model and by
 * prompt, the groups with any activity, the largest by tokens first.
 */
export function groupFigures(rows: readonly UsageTotalRow[], by: Grouping, prices: PriceTable, names: Names, range: { from: string; to: string } | null): Figures[] {
  const groups = new Map<string, Figures>();
  const models = modelNames(rows);
  const keyOf = (r: UsageTotalRow) => (by === 'day' ? r.day : by === 'week' ? weekOf(r.day) : by === 'model' ? r.modelId : r.promptId);
  const labelOf = (key: string) =>
    by === 'day' || by === 'week' ? stepLabel(key, by) : by === 'model' ? (models.get(key) ?? key) : names.prompt(key);
  if ((by === 'day' || by === 'week') && range) for (const step of stepsBetween(range.from, range.to, by)) groups.set(step, empty(step, labelOf(step)));
  for (const r of rows) {
    const key = keyOf(r);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = empty(key, labelOf(key))));
    add(g, r, prices);
  }
  const list = [...groups.values()];
  if (by === 'day' || by === 'week') return list.sort((a, b) => a.key.localeCompare(b.key));
  return list.sort((a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || a.label.localeCompare(b.label));
}
