// Search, sort and filters above a runs list. The search box and the sort are native controls, so
// they carry the roles screen readers expect (searchbox, combobox). Where the list is narrow (a phone,
// the runs drawer) everything but the search goes into one "Filter" sheet, summed up in a chip, so the
// first runs show without scrolling.
import { forwardRef, useState, type ReactNode } from 'react';
import { Dialog } from 'radix-ui';
import { Search, SlidersHorizontal, X } from 'lucide-react';
import type { RunSort, RunView } from '@sync/store/run-queries';
import { usePrompts } from '@/lib/data/use-prompts';
import { useRunModels } from '@/lib/data/use-runs';
import { useProviders } from '@/lib/data/use-providers';
import { modelLabel } from '@/lib/llm/model-label';
import { Button } from '@/components/ui/button';
import { COMPACT_QUERY, useMediaQuery } from './use-media-query';
import type { RunListState } from './use-run-list';
import { FolderFilter, organizeSummary, TagFilter } from './organize-filters';
import { useFolderTree, useTags } from '@/lib/data/use-organize';

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
  /** Offer the prompt filter and "Group by prompt" (the all-runs page). */
  promptFilter: boolean;
  selecting: boolean;
  onToggleSelect: () => void;
  /** Offer the "Folder" choice (not where a folder view beside the list chooses it). */
  folderFilter?: boolean;
}

/** The list's choices that differ from its defaults, in words ("Starred · Oldest"), for the summary chip. */
function useSummary(list: RunListState, promptFilter: boolean): string[] {
  const models = useRunModels() ?? [];
  const providers = useProviders();
  const prompts = usePrompts(promptFilter) ?? [];
  const tags = useTags();
  const folders = useFolderTree();
  const parts: string[] = [];
  if (list.view !== 'active') parts.push(VIEWS.find(([v]) => v === list.view)![1]);
  if (list.sort !== 'recent') parts.push(SORTS.find(([s]) => s === list.sort)![1]);
  const model = models.find((m) => m.key === list.model);
  if (model) parts.push(modelLabel(model.settings, providers));
  const prompt = prompts.find((p) => p.id === list.promptFilter);
  if (prompt) parts.push(prompt.name);
  if (promptFilter && list.grouped) parts.push('By prompt');
  parts.push(...organizeSummary(list, tags, folders));
  return parts;
}

export const RunsToolbar = forwardRef<HTMLInputElement, RunsToolbarProps>(function RunsToolbar(
  { list, promptFilter, selecting, onToggleSelect, folderFilter = true },
  searchRef,
) {
  const compact = useMediaQuery(COMPACT_QUERY);
  const summary = useSummary(list, promptFilter);
  const search = (
    <div className="relative min-w-0 flex-1">
      <Search className="pointer-events-none absolute left-2.5 top-3.5 size-4 text-slate-500" aria-hidden="true" />
      <input
        ref={searchRef}
        type="search"
        aria-label="Search runs"
        placeholder="Search runs"
        className="min-h-11 w-full rounded-md border border-slate-500 bg-white pl-8 pr-2 text-sm"
        value={list.search}
        onChange={(e) => list.setSearch(e.target.value)}
        onFocus={list.warmSearch}
      />
    </div>
  );
  const select = (
    <Button variant={selecting ? 'primary' : 'ghost'} aria-pressed={selecting} className={compact ? 'px-2' : 'ml-auto'} onClick={onToggleSelect}>
      Select
    </Button>
  );

  if (compact) {
    return (
      <div className="flex flex-col gap-1.5 border-b border-slate-200 p-2">
        <div className="flex items-center gap-1">
          {search}
          <FilterSheet list={list} promptFilter={promptFilter} folderFilter={folderFilter} active={summary.length} />
          {select}
        </div>
        {summary.length > 0 ? (
          <div className="flex min-h-8 items-center gap-1">
            <p className="min-w-0 truncate rounded-full bg-slate-100 px-3 py-1 text-xs font-medium text-slate-800">
              <span className="sr-only">Showing: </span>
              {summary.join(' · ')}
            </p>
            <Button variant="ghost" className="min-h-8 px-2 text-xs" onClick={() => resetChoices(list)}>
              <X className="size-3.5" aria-hidden="true" /> Clear
            </Button>
          </div>
        ) : null}
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-2 border-b border-slate-200 p-2">
      {search}
      <ViewButtons list={list} />
      <div className="flex flex-wrap items-center gap-1">
        <Choices list={list} promptFilter={promptFilter} folderFilter={folderFilter} />
        {select}
      </div>
    </div>
  );
});

function resetChoices(list: RunListState): void {
  list.setView('active');
  list.setSort('recent');
  list.setModel(null);
  list.setPromptFilter(null);
  list.setGrouped(false);
  list.setTags([]);
  list.setFolder(null);
}

function ViewButtons({ list }: { list: RunListState }) {
  return (
    <div role="group" aria-label="Show" className="flex flex-wrap gap-1">
      {VIEWS.map(([view, label]) => (
        <Button key={view} variant={list.view === view ? 'primary' : 'ghost'} aria-pressed={list.view === view} className="px-2.5" onClick={() => list.setView(view)}>
          {label}
        </Button>
      ))}
    </div>
  );
}

/** Sort, the model and prompt filters and the grouping, as the toolbar and the sheet both show them. */
function Choices({ list, promptFilter, folderFilter, wide = false }: { list: RunListState; promptFilter: boolean; folderFilter: boolean; wide?: boolean }) {
  const models = useRunModels() ?? [];
  const providers = useProviders();
  const prompts = usePrompts(promptFilter) ?? [];
  const width = wide ? 'w-full' : '';
  const labelled = (label: string, control: ReactNode) =>
    wide ? (
      <div className="flex flex-col gap-1">
        <span aria-hidden="true" className="text-sm font-medium text-slate-800">{label}</span>
        {control}
      </div>
    ) : (
      control
    );
  return (
    <>
      {labelled(
        'Sort',
        <select aria-label="Sort" className={`${SELECT} ${width}`} value={list.sort} onChange={(e) => list.setSort(e.target.value as RunSort)}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>,
      )}
      {labelled(
        'Model',
        <select aria-label="Filter by model" className={`${SELECT} ${wide ? width : 'max-w-40'}`} value={list.model ?? ''} onChange={(e) => list.setModel(e.target.value || null)}>
          <option value="">All models</option>
          {models.map((m) => (
            <option key={m.key} value={m.key}>
              {modelLabel(m.settings, providers)}
            </option>
          ))}
        </select>,
      )}
      {promptFilter
        ? labelled(
            'Prompt',
            <select aria-label="Filter by prompt" className={`${SELECT} ${wide ? width : 'max-w-48'}`} value={list.promptFilter ?? ''} onChange={(e) => list.setPromptFilter(e.target.value || null)}>
              <option value="">All prompts</option>
              {prompts.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>,
          )
        : null}
      {labelled('Tags', <TagFilter list={list} wide={wide} />)}
      {folderFilter ? labelled('Folder', <FolderFilter list={list} wide={wide} />) : null}
      {promptFilter ? (
        <label className="inline-flex min-h-11 cursor-pointer items-center gap-2 px-1 text-sm text-slate-800">
          <input type="checkbox" className="size-4" checked={list.grouped} onChange={(e) => list.setGrouped(e.target.checked)} />
          Group by prompt
        </label>
      ) : null}
    </>
  );
}

/** One sheet, from the bottom of the screen, for everything that shapes the list on a narrow screen. */
function FilterSheet({ list, promptFilter, folderFilter, active }: { list: RunListState; promptFilter: boolean; folderFilter: boolean; active: number }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="relative inline-flex min-h-11 min-w-11 items-center justify-center gap-1.5 rounded-md border border-slate-500 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-100">
        <SlidersHorizontal className="size-4" aria-hidden="true" />
        Filter
        {active > 0 ? (
          <span className="min-w-5 rounded-full bg-slate-900 px-1.5 text-center text-xs font-semibold leading-5 text-white">
            {active}
            <span className="sr-only"> {active === 1 ? 'choice' : 'choices'} set</span>
          </span>
        ) : null}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed inset-x-0 bottom-0 z-50 flex max-h-[85dvh] flex-col gap-4 overflow-y-auto rounded-t-xl bg-white p-4 pb-[max(1rem,env(safe-area-inset-bottom))] shadow-xl">
          <div className="flex items-center justify-between">
            <Dialog.Title className="text-base font-semibold">Filter and sort</Dialog.Title>
            <Dialog.Close className="inline-flex size-11 items-center justify-center rounded-md hover:bg-slate-100" aria-label="Close">
              <X className="size-5" aria-hidden="true" />
            </Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">Which runs the list shows, and in what order. Changes apply at once.</Dialog.Description>
          <ViewButtons list={list} />
          <Choices list={list} promptFilter={promptFilter} folderFilter={folderFilter} wide />
          <div className="flex justify-end gap-2 border-t border-slate-200 pt-3">
            <Button variant="ghost" onClick={() => resetChoices(list)}>
              Reset
            </Button>
            <Dialog.Close asChild>
              <Button variant="primary">Done</Button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
