// State of one runs list: view, filters, sort and search, and the rows loaded so far. The query is a
// live query, so a change from anywhere (another tab, sync, the runner) shows up without a reload.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { queryRuns, warmRunSearch, type RunPage, type RunSort, type RunView } from '@sync/store/run-queries';
import { runWhenIdle } from '@/lib/when-idle';
import { restrictRuns } from '@sync/store/organize-filter';
import { useDb } from '@/lib/data/db-context';
import { useLiveData } from '@/lib/data/use-live-data';

export const CHUNK = 20;
/** After a list shows, how long before the search index is read ahead: the list's own reads come first. */
const WARM_DELAY_MS = 500;

export interface RunListScope {
  /** Only this prompt's runs (sidebar, /ai/prompts/:id/runs); otherwise all runs. */
  promptId?: string | null;
  /** Runs of every prompt (the all-runs page): offers the prompt filter and "Group by prompt". */
  byPrompt?: boolean;
  /** The folder shown is the page address's `?folder=` (a link to it works, offline too). */
  folderInUrl?: boolean;
}

export function useRunList(scope: RunListScope) {
  const db = useDb();
  const [view, setView] = useState<RunView>('active');
  const [sort, setSort] = useState<RunSort>('recent');
  const [search, setSearch] = useState('');
  const [model, setModel] = useState<string | null>(null);
  const [promptFilter, setPromptFilter] = useState<string | null>(null);
  // Off by default: one list in the sort's order; grouping is a choice.
  const [grouped, setGrouped] = useState(false);
  const [tags, setTags] = useState<string[]>([]);
  const [params, setParams] = useSearchParams();
  const [localFolder, setLocalFolder] = useState<string | null>(null);
  const folder = scope.folderInUrl ? params.get('folder') || null : localFolder;
  const setFolder = (id: string | null) => {
    if (!scope.folderInUrl) return setLocalFolder(id);
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (id) next.set('folder', id);
      else next.delete('folder');
      return next;
    }, { replace: true });
  };
  const [limit, setLimit] = useState(CHUNK);
  const [refreshes, setRefreshes] = useState(0);
  // Typing stays responsive: the query follows the text at React's lower priority.
  const query = useDeferredValue(search);
  const promptId = scope.promptId ?? promptFilter;

  // A new question starts again from the first chunk.
  const byPrompt = scope.byPrompt === true && grouped && !promptId;
  useEffect(() => setLimit(CHUNK), [view, sort, query, model, promptId, byPrompt, tags, folder]);
  // A list shown may be searched next: its first keystroke need not wait for the index's block keys.
  const warmSearch = () => void warmRunSearch(db).catch(() => undefined);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- once per list and database
  useEffect(() => runWhenIdle([warmSearch], { delayMs: WARM_DELAY_MS }), [db]);

  // The answer carries the question it answers, so the list knows when it shows stale rows.
  const base = JSON.stringify([view, sort, query, promptId, model, byPrompt, tags, folder, refreshes]);
  const key = JSON.stringify([base, limit]);
  // The last answer to this question (at a smaller limit): the next chunk continues from its last row.
  const grown = useRef<{ base: string; page: RunPage } | null>(null);
  const querier = useMemo(() => {
    // Only the first run of a query may continue from the previous page; a re-run means the data
    // changed somewhere, so it reads the whole list again.
    let first = true;
    return async () => {
      const prev = grown.current;
      const after = first && prev?.base === base && prev.page.hasMore ? prev.page : undefined;
      first = false;
      // Tags and a folder (and `tag:` words in the search) narrow the runs first.
      const narrowed = tags.length > 0 || folder !== null || /(^|\s)tag:/i.test(query);
      const only = narrowed ? await restrictRuns(db, { tagIds: tags, folder, search: query }) : null;
      const q = { view, sort, limit, search: only ? only.search : query, promptId, model, byPrompt, only: only?.only ?? null, except: only?.except ?? null };
      return { key, base, page: await queryRuns(db, q, only ? undefined : after) };
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` holds every input of the query
  }, [db, key]);
  const result = useLiveData(querier, [querier]);
  // Keep showing the previous rows while the next answer loads, so the list never blinks empty.
  const last = useRef<RunPage | undefined>(undefined);
  if (result) {
    last.current = result.page;
    grown.current = { base: result.base, page: result.page };
  }
  const shown = result?.page ?? last.current;
  const fresh = result?.key === key;

  return {
    view, setView, sort, setSort, search, setSearch, model, setModel, promptFilter, setPromptFilter,
    grouped, setGrouped,
    /** The list is grouped by prompt now (chosen, and no single prompt filtered). */
    byPrompt,
    tags, setTags, folder, setFolder,
    query,
    /** Reads ahead what a first search reads (the search box got focus). */
    warmSearch,
    page: shown,
    /** True until the rows shown answer the current view, filters and search. */
    loading: !fresh,
    hasMore: shown?.hasMore ?? false,
    loadMore: () => setLimit((l) => (shown && l > shown.entries.length ? l : l + CHUNK)),
    refresh: () => setRefreshes((n) => n + 1),
  };
}

export type RunListState = ReturnType<typeof useRunList>;
