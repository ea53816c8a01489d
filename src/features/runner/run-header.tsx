// The runner's header (seed §4.2): run name (editable), "New run", the save indicator, "Previous runs".
import { History, LogOut, Plus, Share2, Tag as TagIcon } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { Result, Run } from '@sync/model';
import { Button } from '@/components/ui/button';
import { TagLine } from '@/components/organize/tag-chip';
import { TagsDialog } from '@/components/organize/tags-dialog';
import { useTagsByItem } from '@/lib/data/use-organize';
import type { SaveState } from './auto-save';
import { RunCountBadge } from '@/features/runner/run-count-badge';
import { RunName } from './run-name';
import { SaveIndicator } from './save-indicator';
import type { RunAccess } from './shared-run';

const ACCESS_WORDS = { editor: 'Can edit', viewer: 'Can view' } as const;

interface RunHeaderProps {
  promptName: string;
  run: Run | null;
  save: SaveState;
  modelLabel: string;
  /** In a started run: the model picker for the next reply, shown instead of the model's name. */
  modelPicker?: ReactNode;
  /** The run's totals (tokens, cost, time). */
  usage?: ReactNode;
  previousOpen: boolean;
  onRename: (name: string) => Promise<Result<Run>>;
  onNewRun: () => void;
  onTogglePrevious: () => void;
  onShare: () => void;
  /** Mine, or shared with me to continue or to read: a member neither shares nor starts runs of it (their tags of it are their own). */
  access?: RunAccess;
  /** A member's way out of a run shared with them. */
  onLeave?: () => void;
}

export function RunHeader(props: RunHeaderProps) {
  const { promptName, run, save, modelLabel, modelPicker, usage, previousOpen, onRename, onNewRun, onTogglePrevious, onShare } = props;
  const { access = 'owner', onLeave } = props;
  const [tagging, setTagging] = useState(false);
  const tags = useTagsByItem('run')?.get(run?.id ?? '') ?? [];
  const mine = access === 'owner';
  const phoneTagButton = run ? (
    <button type="button" className="inline-flex min-h-11 min-w-11 shrink-0 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 sm:hidden" aria-label="Add tag" onClick={() => setTagging(true)}>
      <TagIcon className="size-4" aria-hidden="true" />
    </button>
  ) : null;
  const sharing = run?.shared;
  return (
    <div className="border-b border-slate-200 bg-white px-2 py-1 sm:px-4">
      <div className="flex items-center gap-1">
        {/* Before the first message the run has no name yet: the prompt names the page, and "New run" would
            only start over what is already new. */}
        <RunName key={run?.id ?? 'new'} name={run?.name ?? promptName} editable={run !== null && access !== 'viewer'} onRename={onRename} />
        <SaveIndicator state={save} />
        {run ? (
          // On a phone the first line keeps its room for the run's name: the tag button is on the line below.
          <Button variant="ghost" className="max-sm:hidden" onClick={() => setTagging(true)} title="Add tag">
            <TagIcon className="size-4" aria-hidden="true" />
            <span className="sr-only lg:not-sr-only">Add tag</span>
          </Button>
        ) : null}
        {run && mine ? (
          <Button variant="ghost" onClick={onShare} title="Share">
            <Share2 className="size-4" aria-hidden="true" />
            <span className="sr-only sm:not-sr-only">Share</span>
          </Button>
        ) : null}
        {run && !mine && onLeave ? (
          <Button variant="ghost" onClick={onLeave} title="Leave this run">
            <LogOut className="size-4" aria-hidden="true" />
            <span className="sr-only sm:not-sr-only">Leave</span>
          </Button>
        ) : null}
        {run && mine ? (
          <Button variant="ghost" onClick={onNewRun} title="New run">
            <Plus className="size-4" aria-hidden="true" />
            <span className="sr-only sm:not-sr-only">New run</span>
          </Button>
        ) : null}
        <Button variant="ghost" aria-expanded={previousOpen} aria-controls="previous-runs" onClick={onTogglePrevious} title="Previous runs">
          <History className="size-4" aria-hidden="true" />
          <span className="sr-only sm:not-sr-only">Previous runs</span>
          <RunCountBadge />
        </Button>
      </div>
      {modelPicker ? (
        <div className="flex min-w-0 items-center gap-1 px-1 text-xs text-slate-500">
          {phoneTagButton}
          <span className="shrink-0">{run ? promptName : 'New run'} ·</span>
          {sharing ? <span className="shrink-0">{ACCESS_WORDS[sharing.role]} ·</span> : null}
          {modelPicker}
          {usage ? <span className="truncate">· {usage}</span> : null}
          {tags.length ? <TagLine tags={tags} /> : null}
        </div>
      ) : (
        <div className="flex min-w-0 items-center gap-1 px-1 text-xs text-slate-500">
          {phoneTagButton}
          <span className="truncate">
            {run ? promptName : 'New run'} · {sharing ? `${ACCESS_WORDS[sharing.role]} · ` : ''}{modelLabel}
            {usage ? <> · {usage}</> : null}
          </span>
          {tags.length ? <TagLine tags={tags} /> : null}
        </div>
      )}
      {sharing ? <p className="truncate px-1 text-xs text-slate-600">Shared with you by {sharing.owner_email || 'its owner'}</p> : null}
      {run ? <TagsDialog itemIds={[run.id]} title={`Tags of “${run.name}”`} open={tagging} onOpenChange={setTagging} /> : null}
    </div>
  );
}
