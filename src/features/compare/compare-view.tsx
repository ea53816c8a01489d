// The compared runs side by side: a header per run (name, model, totals, Continue), the variables and
// model settings with their differences, the turns aligned, and one message box for all runs or one.
// From 768 px the runs are columns; on a phone one run at a time, in panes switched by tabs or a swipe.
import { useMemo, useState } from 'react';
import { GitCompareArrows, Square } from 'lucide-react';
import type { Run } from '@sync/model';
import { activePath } from '@sync/tree';
import { Button, ButtonLink } from '@/components/ui/button';
import { RunUsageLine } from '@/components/usage/run-usage';
import { usePrices } from '@/lib/data/use-prices';
import { useProviders } from '@/lib/data/use-providers';
import type { ProviderConfig } from '@/lib/llm/types';
import { modelDisplayName } from '@/lib/usage/model-name';
import { readReplyUsage, sumUsage } from '@sync/usage/reply-usage';
import { alignTurns } from './align-turns';
import { CompareComposer } from './compare-composer';
import { CompareTables } from './compare-tables';
import { CompareTurns } from './compare-turns';
import type { ColumnSession, ColumnState } from './column-session';
import { useColumns, useMatchMedia } from './use-columns';

const plural = new Intl.PluralRules('en');

/** The name a person reads for a run's model: what its replies recorded, else this device's provider, else the id. */
function runModelName(state: ColumnState, providers: readonly ProviderConfig[] | undefined): string {
  for (const m of state.messages) {
    const named = readReplyUsage(m)?.modelName ?? (typeof m.metadata?.modelName === 'string' ? m.metadata.modelName : null);
    if (named) return named;
  }
  const settings = state.run?.settings;
  if (!settings) return 'Unknown model';
  const provider = providers?.find((p) => p.id === settings.provider) ?? null;
  return modelDisplayName(provider, settings.model_id);
}

export function CompareView({ sessions, missing, skipped }: { sessions: ColumnSession[]; missing: number; skipped: string[] }) {
  const columns = useColumns(sessions);
  const providers = useProviders();
  const prices = usePrices();
  const wide = useMatchMedia('(min-width: 768px)');
  const [showDiff, setShowDiff] = useState(false);
  const [pane, setPane] = useState(0);
  const runs = columns.map((c) => c.run).filter((r): r is Run => r !== null);
  const paths = useMemo(() => columns.map((c) => activePath(c.messages, c.leafId)), [columns]);
  const turns = useMemo(() => alignTurns(paths), [paths]);
  const modelNames = columns.map((c) => runModelName(c, providers));
  const streaming = columns.some((c) => c.streamingId !== null);
  const names = columns.map((c) => c.run?.name ?? 'Run');
  const shown = wide ? columns.map((_, i) => i) : [Math.min(pane, columns.length - 1)];

  return (
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2">
        <h1 className="mr-auto flex items-center gap-2 text-lg font-semibold">
          <GitCompareArrows className="size-5" aria-hidden="true" /> Compare {columns.length} {plural.select(columns.length) === 'one' ? 'run' : 'runs'}
        </h1>
        <label className="flex min-h-11 cursor-pointer items-center gap-2 text-sm font-medium">
          <input type="checkbox" role="switch" className="size-5" checked={showDiff} onChange={(e) => setShowDiff(e.target.checked)} />
          Show differences
        </label>
        {streaming ? (
          <Button variant="danger" onClick={() => sessions.forEach((s) => s.stop())}>
            <Square className="size-4" aria-hidden="true" /> Stop all
          </Button>
        ) : null}
      </div>
      {missing > 0 ? (
        <p role="alert" className="border-b border-amber-200 bg-amber-50 px-3 py-1 text-sm text-amber-900">
          {missing === 1 ? '1 of the runs asked for is' : `${missing} of the runs asked for are`} not on this device (deleted forever, or not synced yet).
        </p>
      ) : null}
      {skipped.length > 0 ? (
        <ul aria-label="Models that did not take part" className="border-b border-amber-200 bg-amber-50 px-3 py-1 text-sm text-amber-900">
          {skipped.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : null}
      {wide ? null : (
        <div role="tablist" aria-label="Runs" className="flex gap-1 overflow-x-auto border-b border-slate-200 px-2 py-1">
          {columns.map((c, i) => (
            <button
              key={c.run?.id ?? i}
              type="button"
              role="tab"
              id={`compare-tab-${i}`}
              aria-selected={i === shown[0]}
              aria-controls="compare-pane"
              className={`min-h-11 max-w-44 shrink-0 truncate rounded-md px-3 text-sm font-medium ${i === shown[0] ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
              onClick={() => setPane(i)}
            >
              {`Run ${i + 1} · ${modelNames[i]}`}
            </button>
          ))}
        </div>
      )}
      <div className="grid gap-2 border-b border-slate-200 px-2 py-2 sm:px-4" style={{ gridTemplateColumns: `repeat(${shown.length}, minmax(0, 1fr))` }}>
        {shown.map((i) => {
          const c = columns[i]!;
          return (
            <section key={c.run?.id ?? i} aria-label={`Run ${i + 1}: ${names[i]}`} className="min-w-0">
              <h2 className="truncate text-sm font-semibold" title={names[i]}>{names[i]}</h2>
              <p className="truncate text-xs text-slate-700">{modelNames[i]}{i === 0 && showDiff ? ' · baseline' : ''}</p>
              <p className="text-xs text-slate-700">{prices ? <RunUsageLine totals={sumUsage(c.messages, prices)} /> : null}</p>
              {c.run ? (
                <ButtonLink to={`/ai/prompts/run/${c.run.prompt_id}/${c.run.id}`} className="mt-1 px-2 text-xs" aria-label={`Continue ${names[i]} in the runner`}>
                  Continue
                </ButtonLink>
              ) : null}
              {c.notice ? <p role="alert" className="text-xs text-red-800">{c.notice}</p> : null}
            </section>
          );
        })}
      </div>
      <CompareTables runs={runs} modelNames={modelNames} />
      <CompareTurns
        turns={turns}
        shown={shown}
        names={names}
        showDiff={showDiff}
        paneId={wide ? undefined : 'compare-pane'}
        onSwipe={wide ? undefined : (step) => setPane((p) => Math.max(0, Math.min(columns.length - 1, Math.min(p, columns.length - 1) + step)))}
      />
      <CompareComposer sessions={sessions} names={names} streaming={streaming} />
    </div>
  );
}
