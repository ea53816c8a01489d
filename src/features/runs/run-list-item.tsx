// One run in a list (seed 4.1): name (truncated), relative time, message count, star, last-message
// preview or search snippet, delete on hover, active state; swipe left to delete and long-press for
// options on touch; a checkbox while selecting.
import { memo, useContext, useRef, useState } from 'react';
import type { Run } from '@sync/model';
import type { RunListEntry, RunView } from '@sync/store/run-queries';
import { Button } from '@/components/ui/button';
import { count } from '@/lib/text/plural';
import { TagLine } from '@/components/organize/tag-chip';
import { RunTagsContext } from './run-tags-context';
import { putRunsOnDrag, RunDragContext } from './run-drag';
import { relativeTime } from '@/lib/text/dates';
import { previewOf } from './list-rows';
import { RunItemMenu, type MenuCommand } from './run-item-menu';
import { RowIcon, STARRED } from './row-icons';
import { useTouchGestures } from './use-touch-gestures';

export interface RunListItemProps {
  entry: RunListEntry;
  view: RunView;
  active: boolean;
  selecting: boolean;
  selected: boolean;
  onToggleSelect: (run: Run) => void;
  onCommand: (run: Run, command: MenuCommand | 'swipe-delete') => void;
  onRename: (run: Run, name: string) => Promise<boolean>;
  /** Opening a run (e.g. closes the mobile drawer). */
  onOpen?: () => void;
  /** Client-side navigation to a run's page (the router's navigate, the same function for every row). */
  onNavigate: (href: string) => void;
}

export const RunListItem = memo(function RunListItem(props: RunListItemProps) {
  const { entry, view, active, selecting, selected, onToggleSelect, onCommand, onRename, onOpen, onNavigate } = props;
  const { run, match } = entry;
  const tags = useContext(RunTagsContext)?.get(run.id);
  const dragIds = useContext(RunDragContext);
  const [menuOpen, setMenuOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const touch = useTouchGestures({
    ...(view !== 'trash' && !run.shared ? { onSwipeLeft: () => onCommand(run, 'swipe-delete') } : {}),
    onLongPress: () => setMenuOpen(true),
  });
  const href = `/ai/prompts/run/${run.prompt_id}/${run.id}${match?.messageId ? `?message=${encodeURIComponent(match.messageId)}` : ''}`;
  const preview = previewOf(entry);
  const command = (c: MenuCommand) => (c === 'rename' ? setRenaming(true) : onCommand(run, c));

  return (
    <div
      role="listitem"
      aria-label={run.name}
      className={`group relative flex items-start gap-1 rounded-md px-2 py-1.5 ${active ? 'bg-sky-50 ring-1 ring-sky-200' : 'hover:bg-slate-50'}`}
      style={{ transform: touch.offset ? `translateX(${touch.offset}px)` : undefined, touchAction: 'pan-y' }}
      // On a desktop the row is what a mouse drags (onto a folder); dropped elsewhere it is the run's link.
      draggable={dragIds && !renaming ? true : undefined}
      onDragStart={dragIds && !renaming ? (e) => putRunsOnDrag(e.dataTransfer, dragIds(run), new URL(href, location.href).href) : undefined}
      onContextMenu={(e) => {
        if (renaming) return;
        e.preventDefault();
        setMenuOpen(true);
      }}
      {...touch.handlers}
    >
      {selecting ? (
        <input
          type="checkbox"
          className="relative z-10 mt-3 size-5 shrink-0"
          checked={selected}
          aria-label={`Select ${run.name}`}
          onChange={() => onToggleSelect(run)}
        />
      ) : null}
      <div className="min-w-0 flex-1 py-1">
        {renaming ? (
          <RenameField run={run} onDone={() => setRenaming(false)} onRename={onRename} />
        ) : (
          // A plain link the router follows on a plain click (a modified click opens a tab, as any link):
          // react-router's Link resolves its path with several hooks on every mount, one per row scrolled past.
          <a
            href={href}
            aria-current={active ? 'page' : undefined}
            draggable={dragIds ? false : undefined}
            className="block truncate text-sm font-medium text-slate-900 after:absolute after:inset-0 after:content-['']"
            onClick={(e) => {
              if (touch.consumeLongPress()) return e.preventDefault();
              if (selecting) {
                e.preventDefault();
                onToggleSelect(run);
                return;
              }
              onOpen?.();
              if (e.button === 0 && !e.metaKey && !e.altKey && !e.ctrlKey && !e.shiftKey) {
                e.preventDefault();
                onNavigate(href);
              }
            }}
          >
            {run.name}
          </a>
        )}
        <p className="flex min-w-0 items-center gap-2 overflow-hidden text-xs text-slate-600">
          <time className="shrink-0" dateTime={run.last_message_at}>{relativeTime(run.last_message_at)}</time>
          <span aria-hidden="true">·</span>
          {/* Narrow rows (the runner's sidebar) end it with an ellipsis rather than cut it off. */}
          <span className="min-w-0 truncate">{count(run.visible_message_count ?? run.message_count, 'message')}</span>
          {run.shared ? (
            <>
              <span aria-hidden="true">·</span>
              <span className="shrink-0" title={`Shared with you by ${run.shared.owner_email}`}>Shared</span>
            </>
          ) : null}
          {tags?.length ? <TagLine tags={tags} max={2} /> : null}
        </p>
        {preview ? (
          // Always two lines high (h-8), so every run row with a preview has the list's fixed height.
          <p className={`line-clamp-2 h-8 text-xs ${match ? 'text-slate-800' : 'text-slate-600'}`}>{preview}</p>
        ) : null}
      </div>
      {view === 'trash' ? (
        <Button variant="ghost" className="relative z-10 px-2" onClick={() => onCommand(run, 'restore')}>
          <RowIcon name="restore" />
          <span className="sr-only">Restore</span>
        </Button>
      ) : (
        <>
          {run.is_pinned ? (
            // Pinned: the pin shows it, and takes it off in one tap (pinning is in the run's menu).
            <Button variant="ghost" className="relative z-10 px-2" aria-label="Unpin" title="Unpin" onClick={() => onCommand(run, 'pin')}>
              <RowIcon name="pin" className="text-slate-700 [--row-icon-fill:currentColor]" />
            </Button>
          ) : null}
          <Button variant="ghost" className="relative z-10 px-2" aria-label={run.is_starred ? 'Unstar' : 'Star'} onClick={() => onCommand(run, 'star')}>
            <RowIcon name="star" className={run.is_starred ? STARRED : ''} />
          </Button>
          {run.shared ? null : <Button
            variant="ghost"
            aria-label="Delete"
            className="relative z-10 px-2 sm:opacity-0 sm:focus-visible:opacity-100 sm:group-hover:opacity-100"
            onClick={() => onCommand(run, 'delete')}
          >
            <RowIcon name="trash" />
          </Button>}
        </>
      )}
      <RunItemMenu run={run} view={view} open={menuOpen} onOpenChange={setMenuOpen} onCommand={command} />
    </div>
  );
});

function RenameField({ run, onDone, onRename }: { run: Run; onDone: () => void; onRename: (run: Run, name: string) => Promise<boolean> }) {
  const [value, setValue] = useState(run.name);
  // Escape ends it without saving (the blur as the box goes must not save); Enter's save is not repeated.
  const settled = useRef(false);
  const save = async () => {
    if (settled.current) return;
    settled.current = true;
    if (value.trim() === run.name || (await onRename(run, value))) return onDone();
    settled.current = false;
  };
  return (
    <input
      aria-label={`Rename ${run.name}`}
      // -my-1: the taller field takes the name's padding, so the row keeps its fixed height.
      className="relative z-10 -my-1 block h-7 w-full rounded border border-slate-500 bg-white px-2 text-sm"
      value={value}
      autoFocus
      maxLength={200}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void save();
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          settled.current = true;
          onDone();
        }
      }}
    />
  );
}
