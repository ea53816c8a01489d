// A complete runs library — toolbar, bulk bar, grouped virtual list, confirmations, details — used by
// the runner's sidebar/drawer (one prompt) and by the browse pages (one prompt, or all grouped by prompt).
import { forwardRef, useCallback, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Run } from '@sync/model';
import { usePrompts } from '@/lib/data/use-prompts';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { LazyShareDialog } from '@/components/share/lazy-share-dialog';
import { LeaveRunDialog } from '@/components/share/leave-run-dialog';
import { count, pick } from '@/lib/text/plural';
import { compareUrl, MAX_COMPARED } from '@/lib/compare-url';
import { useTagsByItem } from '@/lib/data/use-organize';
import { TagsDialog } from '@/components/organize/tags-dialog';
import { MoveToFolderDialog } from '@/components/organize/move-to-folder-dialog';
import { BulkBar, type BulkAction } from './bulk-bar';
import { RunTagsContext } from './run-tags-context';
import { RunDragContext } from './run-drag';
import { FolderNav } from './folder-nav';
import { DESKTOP_QUERY, useMediaQuery } from './use-media-query';
import { NO_FOLDER } from '@sync/store/organize-filter';
import { showToast } from './toasts';
import { EmptyState } from './empty-state';
import { buildRows, groupingFor } from './list-rows';
import { RunDetailsDialog } from './run-details-dialog';
import type { MenuCommand } from './run-item-menu';
import { RunList } from './run-list';
import { RunsToolbar } from './runs-toolbar';
import { useRunActions } from './use-run-actions';
import { useRunList, type RunListScope } from './use-run-list';
import { isSharedRun } from '@sync/store/shared-runs';

interface RunsLibraryProps extends RunListScope {
  currentRunId?: string | null;
  label: string;
  onOpenRun?: () => void;
  /** A sidebar's list: the folder view above it chooses its folder, and rows drop on its folders. */
  folderNav?: boolean;
}

type Confirm = { kind: 'delete' | 'purge'; runs: Run[] } | null;
/** The runs a Tags or Move to folder dialog is open for. */
type Organizing = { kind: 'tags' | 'move'; runs: Run[] } | null;

export const RunsLibrary = forwardRef<HTMLInputElement, RunsLibraryProps>(function RunsLibrary(props, searchRef) {
  const list = useRunList(props);
  const actions = useRunActions();
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [detailsId, setDetailsId] = useState<string | null>(null);
  const [shareId, setShareId] = useState<string | null>(null);
  const [leaving, setLeaving] = useState<Run | null>(null);
  const [organizing, setOrganizing] = useState<Organizing>(null);
  const runTags = useTagsByItem('run');
  /** The run "Compare with…" started from: the bar then says what to select next. */
  const [compareFrom, setCompareFrom] = useState<Run | null>(null);
  const navigate = useNavigate();
  const prompts = usePrompts(props.byPrompt === true);
  const entries = useMemo(() => list.page?.entries ?? [], [list.page]);
  const promptNames = useMemo(() => {
    const names = new Map((prompts ?? []).map((p) => [p.id, p.name]));
    // Someone else's prompt is not on this device: a run they shared with me names it.
    for (const { run } of entries) if (run.shared && !names.has(run.prompt_id)) names.set(run.prompt_id, run.shared.prompt_name || 'Shared run');
    return names;
  }, [prompts, entries]);
  const rows = useMemo(
    () => buildRows(entries, groupingFor(list.sort, list.byPrompt, (id) => promptNames.get(id) ?? 'Unknown prompt')),
    [entries, list.sort, list.byPrompt, promptNames],
  );

  const toggle = useCallback((run: Run) => {
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(run.id)) next.add(run.id);
      return next;
    });
  }, []);
  const endSelection = () => {
    setSelecting(false);
    setSelected(new Set());
    setCompareFrom(null);
  };

  const onCommand = useCallback(
    (run: Run, command: MenuCommand | 'swipe-delete') => {
      switch (command) {
        case 'select':
          setSelecting(true);
          return setSelected((s) => new Set(s).add(run.id));
        case 'details':
          return setDetailsId(run.id);
        case 'tags':
        case 'move':
          return setOrganizing({ kind: command, runs: [run] });
        case 'share':
          return setShareId(run.id);
        case 'pdf':
          return void actions.downloadPdf([run.id]);
        case 'star':
          return void actions.star(run);
        case 'pin':
          return void actions.pin(run);
        case 'archive':
          return void actions.archive(run);
        case 'unarchive':
        case 'restore':
          return void actions.restore(run);
        case 'rerun':
          return actions.rerun(run);
        case 'template':
          return void actions.saveAsTemplate(run);
        case 'compare':
          setSelecting(true);
          setCompareFrom(run);
          return setSelected(new Set([run.id]));
        case 'delete':
          return setConfirm({ kind: 'delete', runs: [run] });
        case 'swipe-delete':
          // A swipe is deliberate and comes with Undo, as on iOS: no dialog in between.
          return void actions.remove(run);
        case 'purge':
          return setConfirm({ kind: 'purge', runs: [run] });
        case 'leave':
          return setLeaving(run);
        case 'rename':
          return;
      }
    },
    [actions],
  );

  const selectedRuns = entries.filter((e) => selected.has(e.run.id)).map((e) => e.run);
  // Beside a folder view on a desktop, a row dragged moves its run, or the whole selection when it is part
  // of it. One stable function for every row (rows are memoised), reading the selection of the moment.
  const desktop = useMediaQuery(DESKTOP_QUERY);
  const dragging = useRef<(run: Run) => string[]>(() => []);
  dragging.current = (run) => (selecting && selected.has(run.id) ? selectedRuns.map((r) => r.id) : [run.id]);
  const dragIds = useCallback((run: Run) => dragging.current(run), []);
  // Archive, Delete and Restore are the owner's: they act on my own runs of the selection.
  const ownRuns = selectedRuns.filter((r) => !isSharedRun(r));
  const sharedCount = selectedRuns.length - ownRuns.length;
  const onBulk = (action: BulkAction) => {
    const ids = selectedRuns.map((r) => r.id);
    const ownIds = ownRuns.map((r) => r.id);
    // Columns in the order the runs were picked: the first is the baseline differences are shown against.
    if (action === 'compare') return void navigate(compareUrl([...selected].filter((id) => ids.includes(id))));
    if (action === 'export') return void actions.exportRuns(ids);
    if (action === 'pdf') return void actions.downloadPdf(ids);
    if (action === 'delete') return setConfirm({ kind: 'delete', runs: ownRuns });
    if (action === 'tag' || action === 'move') return setOrganizing({ kind: action === 'tag' ? 'tags' : 'move', runs: selectedRuns });
    void actions.bulk(action === 'star' ? ids : ownIds, action).then(endSelection);
  };
  const confirmed = async () => {
    if (!confirm) return;
    const { kind, runs } = confirm;
    if (kind === 'purge') for (const run of runs) await actions.purge(run);
    else if (runs.length === 1) await actions.remove(runs[0]!);
    else await actions.bulk(runs.map((r) => r.id), 'delete');
    if (runs.length > 1 || selecting) endSelection();
  };
  const confirmCount = confirm?.runs.length ?? 0;
  const many = confirmCount > 1;
  const subject = many ? count(confirmCount, 'run') : `“${confirm?.runs[0]?.name ?? ''}”`;
  const organized = organizing?.runs ?? [];
  const organizedName = organized.length === 1 ? `“${organized[0]!.name}”` : count(organized.length, 'run');

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <RunsToolbar ref={searchRef} list={list} promptFilter={props.byPrompt === true} folderFilter={!props.folderNav} selecting={selecting} onToggleSelect={() => (selecting ? endSelection() : setSelecting(true))} />
      {props.folderNav ? <FolderNav list={list} promptId={props.promptId ?? list.promptFilter} onMoved={(n) => (n > 1 ? endSelection() : undefined)} /> : null}
      {selecting ? (
        <BulkBar
          count={selected.size}
          own={ownRuns.length}
          view={list.view}
          allSelected={entries.length > 0 && selected.size === entries.length}
          onSelectAll={() => setSelected(selected.size === entries.length ? new Set() : new Set(entries.map((e) => e.run.id)))}
          onAction={onBulk}
          onDone={endSelection}
          hint={
            compareFrom
              ? `Compare with “${compareFrom.name}”: select 1 to ${MAX_COMPARED - 1} more runs, then press Compare.`
              : sharedCount > 0
                ? `${pick(sharedCount, '1 selected run is', `${sharedCount} selected runs are`)} shared with you: Archive and Delete act on your own runs only.`
                : null
          }
        />
      ) : null}
      <p className="sr-only" aria-live="polite" data-results-for={list.loading ? undefined : list.query}>
        {list.page && list.query ? `${count(list.page.total ?? list.page.entries.length, 'run')} found` : ''}
      </p>
      {list.page?.catchingUp ? (
        <p className="border-b border-amber-200 bg-amber-50 px-3 py-1 text-xs text-amber-900">Search is still taking in the runs just synced or imported: some matches may be missing for a moment.</p>
      ) : list.page?.partial ? (
        <p className="border-b border-amber-200 bg-amber-50 px-3 py-1 text-xs text-amber-900">Many runs match: showing some of them. Type more to narrow the search.</p>
      ) : null}
      <RunTagsContext.Provider value={runTags}>
      <RunDragContext.Provider value={desktop && props.folderNav ? dragIds : null}>
      <RunList
        rows={rows}
        label={props.label}
        view={list.view}
        currentRunId={props.currentRunId ?? null}
        selecting={selecting}
        selected={selected}
        hasMore={list.hasMore}
        onLoadMore={list.loadMore}
        onRefresh={list.refresh}
        onToggleSelect={toggle}
        onCommand={onCommand}
        onRename={actions.rename}
        {...(props.onOpenRun ? { onOpen: props.onOpenRun } : {})}
        empty={list.loading && !list.page ? null : <EmptyState view={list.view} searching={list.query.trim() !== '' || list.model !== null || list.promptFilter !== null || list.tags.length > 0 || list.folder !== null} inFolder={list.folder !== null && list.folder !== NO_FOLDER && !list.query.trim() && list.tags.length === 0 && list.model === null && list.view === 'active'} />}
      />
      </RunDragContext.Provider>
      </RunTagsContext.Provider>
      <TagsDialog
        itemIds={organizing?.kind === 'tags' ? organized.map((r) => r.id) : []}
        title={`Tags of ${organizedName}`}
        open={organizing?.kind === 'tags'}
        onOpenChange={(open) => (open ? undefined : setOrganizing(null))}
      />
      <MoveToFolderDialog
        runIds={organizing?.kind === 'move' ? organized.map((r) => r.id) : []}
        title={`Move ${organizedName} to a folder`}
        open={organizing?.kind === 'move'}
        onOpenChange={(open) => (open ? undefined : setOrganizing(null))}
        onMoved={(message) => {
          showToast(message);
          if (organized.length > 1) endSelection();
        }}
      />
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => (open ? undefined : setConfirm(null))}
        title={confirm?.kind === 'purge' ? (many ? 'Delete runs forever?' : 'Delete run forever?') : many ? 'Delete runs?' : 'Delete run?'}
        description={
          confirm?.kind === 'purge'
            ? `${subject} and all messages will be removed from this device and your account. This cannot be undone.`
            : `${subject} will move to the trash. You can restore ${pick(confirmCount, 'it', 'them')} from Trash.`
        }
        confirmLabel={confirm?.kind === 'purge' ? 'Delete forever' : 'Delete'}
        onConfirm={() => void confirmed()}
      />
      <RunDetailsDialog runId={detailsId} onClose={() => setDetailsId(null)} actions={actions} />
      <LazyShareDialog runId={shareId} onClose={() => setShareId(null)} />
      {leaving ? <LeaveRunDialog run={leaving} open onOpenChange={(open) => (open ? undefined : setLeaving(null))} onLeft={() => showToast(`Left “${leaving.name}”`)} /> : null}
    </div>
  );
});
