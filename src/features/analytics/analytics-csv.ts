// The period's totals as CSV: one line per day × prompt × model, named as people read them.
import type { PriceTable } from '@sync/usage/prices';
import { costOf } from '@sync/usage/prices';
import type { UsageTotalRow } from '@sync/usage/usage-totals';
import { modelNames, type Names } from './aggregate';

const HEADER = ['date', 'prompt', 'model', 'runs', 'replies', 'input_tokens', 'output_tokens', 'cost_usd', 'estimated_replies', 'average_latency_ms'];

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets. */
function field(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function usageCsv(rows: readonly UsageTotalRow[], prices: PriceTable, names: Names): string {
  const models = modelNames(rows);
  const lines = [...rows]
    .sort((a, b) => a.day.localeCompare(b.day) || a.promptId.localeCompare(b.promptId) || a.modelId.localeCompare(b.modelId))
    .map((r) => {
      const cost = costOf({ input: r.inputTokens, output: r.outputTokens }, prices[r.modelId]);
      return [
        r.day,
        names.prompt(r.promptId),
        models.get(r.modelId) ?? r.modelId,
        r.runs,
        r.replies,
        r.inputTokens,
        r.outputTokens,
        cost === null || r.replies === 0 ? '' : cost.toFixed(6),
        r.estimatedReplies,
        r.timedReplies > 0 ? Math.round(r.totalTime / r.timedReplies) : '',
      ].map(field).join(',');
    });
  return [HEADER.join(','), ...lines].join('\r\n') + '\r\n';
}
