// One view of the period (over time, by model, by prompt): a chart of the chosen figure beside a table
// of every figure, the same numbers a screen reader reads. Estimates are marked ≈; a cost leaving out
// replies of models without a price says so.
import { approx, formatCost, formatCount, formatDuration } from '@/lib/usage/format-usage';
import type { Figures } from './aggregate';
import { UsageChart } from './usage-chart';

export type MetricId = 'tokens' | 'cost' | 'runs' | 'latency';

const costText = (f: Figures) =>
  f.cost === null ? (f.replies > 0 ? 'No price' : '—') : approx(formatCost(f.cost), f.estimated > 0) + (f.unpriced > 0 ? ' (partial)' : '');

export const METRICS: Array<{ id: MetricId; label: string; value: (f: Figures) => number; format: (v: number) => string; show: (f: Figures) => string }> = [
  { id: 'tokens', label: 'Tokens', value: (f) => f.inputTokens + f.outputTokens, format: formatCount, show: (f) => approx(formatCount(f.inputTokens + f.outputTokens), f.estimated > 0) },
  { id: 'cost', label: 'Cost', value: (f) => f.cost ?? 0, format: (v) => formatCost(v), show: costText },
  { id: 'runs', label: 'Runs', value: (f) => f.runs, format: formatCount, show: (f) => formatCount(f.runs) },
  { id: 'latency', label: 'Average latency', value: (f) => f.avgLatency ?? 0, format: formatDuration, show: (f) => (f.avgLatency === null ? '—' : formatDuration(f.avgLatency)) },
];

interface FigureSectionProps {
  title: string;
  /** Header of the table's first column. */
  groupLabel: string;
  /** "by day", "by model"… for the chart's name. */
  by: string;
  figures: Figures[];
  metric: MetricId;
  /** The table lists the latest first (the chart still reads left to right in time). */
  newestFirst?: boolean;
}

export function FigureSection({ title, groupLabel, by, figures, metric, newestFirst = false }: FigureSectionProps) {
  const m = METRICS.find((x) => x.id === metric) ?? METRICS[0]!;
  const id = `analytics-${title.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2 rounded-md border border-slate-200 bg-white p-3">
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      <div className="grid gap-3 lg:grid-cols-2">
        <UsageChart title={`${m.label} ${by}`} labels={figures.map((f) => f.label)} values={figures.map(m.value)} format={m.format} />
        <div className="max-h-72 overflow-auto" tabIndex={0} role="region" aria-label={`${title}: table`}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{`Tokens, cost, runs and average latency ${by}`}</caption>
            <thead className="sticky top-0 bg-white">
              <tr className="text-slate-700">
                <th scope="col" className="py-1 pr-2 font-medium">{groupLabel}</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Tokens (in / out)</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Cost</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Runs</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Replies</th>
                <th scope="col" className="py-1 pl-2 text-right font-medium">Average latency</th>
              </tr>
            </thead>
            <tbody>
              {(newestFirst ? [...figures].reverse() : figures).map((f) => (
                <tr key={f.key} className="border-t border-slate-100">
                  <th scope="row" className="py-1 pr-2 font-medium text-slate-900">{f.label}</th>
                  <td className="px-2 py-1 text-right tabular-nums">
                    {approx(formatCount(f.inputTokens), f.estimated > 0)} / {approx(formatCount(f.outputTokens), f.estimated > 0)}
                  </td>
                  <td className="px-2 py-1 text-right tabular-nums">{costText(f)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{formatCount(f.runs)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{formatCount(f.replies)}</td>
                  <td className="py-1 pl-2 text-right tabular-nums">{f.avgLatency === null ? '—' : formatDuration(f.avgLatency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {figures.some((f) => f.estimated > 0) ? <p className="text-xs text-slate-700">≈ marks figures made from estimated token counts (the provider did not report them).</p> : null}
    </section>
  );
}
