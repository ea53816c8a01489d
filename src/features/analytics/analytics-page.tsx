// Route /ai/prompts/analytics: tokens, cost, runs and average latency for a chosen period, over time (by
// day or week), by model and by prompt. Read from the totals the store keeps as replies are saved (a few
// hundred rows, not every message), so it opens fast and works offline. Each chart has a table beside it
// with the same numbers, and the period downloads as CSV.
import { startTransition, useEffect, useMemo, useState } from 'react';
import { BarChart3, Download } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';
import { usePrices } from '@/lib/data/use-prices';
import { usePrompts } from '@/lib/data/use-prompts';
import { useUsageTotals } from '@/lib/data/use-usage-totals';
import { groupFigures, totalOf, type Names } from './aggregate';
import { usageCsv } from './analytics-csv';
import { FigureSection, METRICS, type MetricId } from './figure-section';
import { PERIODS, periodRange, type PeriodId } from './periods';
import { loadChart } from './usage-chart';

void loadChart();

const SELECT = 'min-h-11 rounded-md border border-slate-500 bg-white px-2 text-base sm:text-sm';

export function AnalyticsPage() {
  // For the analytics figure (bench): from the page starting to its first chart drawn.
  useState(() => performance.mark('analytics:load-start'));
  const [period, setPeriod] = useState<PeriodId>('30d');
  const [step, setStep] = useState<'day' | 'week'>('day');
  const [metric, setMetric] = useState<MetricId>('tokens');
  const wanted = useMemo(() => periodRange(period), [period]);
  // The period on screen is the one whose rows are here: a period change shows the new one whole, at once.
  const totals = useUsageTotals(wanted.from, wanted.to);
  const rows = totals?.rows;
  const range = useMemo(() => ({ from: totals?.from ?? null, to: totals?.to ?? null }), [totals?.from, totals?.to]);
  const prices = usePrices();
  const prompts = usePrompts(true);
  const names: Names = useMemo(() => {
    const byId = new Map((prompts ?? []).map((p) => [p.id, p.name]));
    return { prompt: (id) => byId.get(id) ?? (id.startsWith('?') ? 'Prompt not synced yet' : 'Deleted prompt') };
  }, [prompts]);

  const figures = useMemo(() => {
    // Prompt names too, so a chart never shows a placeholder name first and then the real one.
    if (!rows || !prices || !prompts) return null;
    const days = rows.map((r) => r.day).sort();
    const span = range.from && range.to ? { from: range.from, to: range.to } : days.length ? { from: days[0]!, to: days[days.length - 1]! } : null;
    return {
      total: totalOf(rows, prices),
      time: groupFigures(rows, step, prices, names, span),
      model: groupFigures(rows, 'model', prices, names, null),
      prompt: groupFigures(rows, 'prompt', prices, names, null),
    };
  }, [rows, prices, prompts, names, range, step]);

  // The first view renders alone and its chart is drawn at once; the other two follow in a transition (React
  // renders them in slices, after that chart): rendering all three before the first chart was ~50 ms of a
  // first screen's 300. Once shown they stay: a period change redraws every chart together.
  const [allShown, setAllShown] = useState(false);
  useEffect(() => {
    if (figures && !allShown) startTransition(() => setAllShown(true));
  }, [figures, allShown]);

  const download = () => {
    if (!rows || !prices) return;
    const url = URL.createObjectURL(new Blob([usageCsv(rows, prices, names)], { type: 'text/csv' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: `prompt-runs-usage-${range.from ?? 'all'}-${range.to ?? 'time'}.csv` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div className="flex flex-col gap-4 p-3 sm:p-4">
      <div className="flex flex-wrap items-end gap-3">
        <h1 className="mr-auto flex items-center gap-2 text-2xl font-semibold">
          <BarChart3 className="size-6" aria-hidden="true" /> Analytics
        </h1>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Period
          <select className={SELECT} value={period} onChange={(e) => setPeriod(e.target.value as PeriodId)}>
            {PERIODS.map((p) => (
              <option key={p.id} value={p.id}>{p.label}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Chart
          <select className={SELECT} value={metric} onChange={(e) => setMetric(e.target.value as MetricId)}>
            {METRICS.map((m) => (
              <option key={m.id} value={m.id}>{m.label}</option>
            ))}
          </select>
        </label>
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="font-medium">Step</legend>
          <div className="flex gap-3">
            {(['day', 'week'] as const).map((s) => (
              <label key={s} className="flex min-h-11 items-center gap-1.5">
                <input type="radio" name="analytics-step" className="size-4" checked={step === s} onChange={() => setStep(s)} />
                {s === 'day' ? 'By day' : 'By week'}
              </label>
            ))}
          </div>
        </fieldset>
        <Button onClick={download} disabled={!rows || rows.length === 0}>
          <Download className="size-4" aria-hidden="true" /> Download CSV
        </Button>
      </div>
      {!figures ? (
        <PageLoading label="Adding up…" />
      ) : figures.total.replies === 0 && figures.total.runs === 0 ? (
        <p className="rounded-md border border-slate-200 bg-white p-4 text-slate-700">
          Nothing in this period yet. Run a prompt, or pick a longer period: tokens, cost and timings appear here as replies are saved.
        </p>
      ) : (
        <>
          <Summary total={figures.total} />
          <FigureSection title="Over time" groupLabel={step === 'day' ? 'Day' : 'Week'} by={step === 'day' ? 'by day' : 'by week'} figures={figures.time} metric={metric} newestFirst />
          {allShown ? (
            <>
              <FigureSection title="By model" groupLabel="Model" by="by model" figures={figures.model} metric={metric} />
              <FigureSection title="By prompt" groupLabel="Prompt" by="by prompt" figures={figures.prompt} metric={metric} />
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

function Summary({ total }: { total: ReturnType<typeof totalOf> }) {
  return (
    <dl aria-label="Totals for the period" className="grid grid-cols-2 gap-2 sm:grid-cols-5">
      {METRICS.map((m) => (
        <div key={m.id} className="rounded-md border border-slate-200 bg-white p-2">
          <dt className="text-xs font-medium text-slate-700">{m.label}</dt>
          <dd className="text-lg font-semibold">{m.show(total)}</dd>
        </div>
      ))}
      <div className="rounded-md border border-slate-200 bg-white p-2">
        <dt className="text-xs font-medium text-slate-700">Replies</dt>
        <dd className="text-lg font-semibold">{total.replies.toLocaleString('en')}</dd>
      </div>
    </dl>
  );
}

