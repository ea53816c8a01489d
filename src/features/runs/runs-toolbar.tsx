// Search, sort and filters above a runs list. The search box and the sort are native controls, so
// they carry the roles screen readers expect (searchbox, combobox).
import { forwardRef } from 'react';
import { Search } from 'lucide-react';
import type { RunSort, RunView } from '@sync/store/run-queries';
import { usePrompts } from '@/lib/data/use-prompts';
import { useRunModels } from '@/lib/data/use-runs';
import { useProviders } from '@/lib/data/use-providers';
import { modelLabel } from '@/lib/llm/model-label';
import { Button } from '@/components/ui/button';
import type { RunListState } from './use-run-list';

export const SORTS: Array<[RunSort, string]> = [
  ['recent', 'Recent'],
  ['oldest', 'Oldest'],
  ['name', 'Name (A–Z)'],
  ['messages', 'Most messages'],
];
export const VIEWS: Array<[RunView, string]> = [
  ['active', 'All'],
  ['starred', 'Starred'],
  ['archived', 'Archived'],
  ['trash', 'Trash'],
];

const SELECT = 'min-h-11 rounded-md border border-slate-500 bg-white px-2 text-sm';

interface RunsToolbarProps {
  list: RunListState;
  /** Offer the prompt filter (the all-runs page). */
  promptFilter: boolean;
  selecting: boolean;
  onToggleSelect: () => void;
}

export const RunsToolbar = forwardRef<HTMLInputElement, RunsToolbarProps>(function RunsToolbar(
  { list, promptFilter, selecting, onToggleSelect },
  searchRef,
) {
  const models = useRunModels() ?? [];
  const providers = useProviders();
  const prompts = usePrompts(promptFilter) ?? [];
  return (
    <div className="flex flex-col gap-2 border-b border-slate-200 p-2">
      <div className="relative">
        <Search className="pointer-events-none absolute left-2.5 top-3.5 size-4 text-slate-500" aria-hidden="true" />
        <input
          ref={searchRef}
          type="search"
          aria-label="Search runs"
          placeholder="Search runs"
          className="min-h-11 w-full rounded-md border border-slate-500 bg-white pl-8 pr-2 text-sm"
          value={list.search}
          onChange={(e) => list.setSearch(e.target.value)}
        />
      </div>
      <div role="group" aria-label="Show" className="flex flex-wrap gap-1">
        {VIEWS.map(([view, label]) => (
          <Button key={view} variant={list.view === view ? 'primary' : 'ghost'} aria-pressed={list.view === view} className="px-2.5" onClick={() => list.setView(view)}>
            {label}
          </Button>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-1">
        <select aria-label="Sort" className={SELECT} value={list.sort} onChange={(e) => list.setSort(e.target.value as RunSort)}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select aria-label="Filter by model" className={`${SELECT} max-w-40`} value={list.model ?? ''} onChange={(e) => list.setModel(e.target.value || null)}>
          <option value="">All models</option>
          {models.map((m) => (
            <option key={m.key} value={m.key}>
              {modelLabel(m.settings, providers)}
            </option>
          ))}
        </select>
        {promptFilter ? (
          <select aria-label="Filter by prompt" className={`${SELECT} max-w-48`} value={list.promptFilter ?? ''} onChange={(e) => list.setPromptFilter(e.target.value || null)}>
            <option value="">All prompts</option>
            {prompts.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        ) : null}
        <Button variant={selecting ? 'primary' : 'ghost'} aria-pressed={selecting} className="ml-auto" onClick={onToggleSelect}>
          Select
        </Button>
      </div>
    </div>
  );
});
