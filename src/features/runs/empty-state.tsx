// Empty states (seed 4.3), with the seed's exact wording for the two it names. Icons are the app's own
// (an emoji shows as an empty box on devices without an emoji font).
import { Archive, FolderOpen, MessageSquarePlus, SearchX, Star, Trash2, type LucideIcon } from 'lucide-react';
import type { RunView } from '@sync/store/run-queries';

const EMPTY_VIEW: Record<Exclude<RunView, 'active'>, [LucideIcon, string, string]> = {
  starred: [Star, 'No starred runs', 'Star a run to keep it at hand here'],
  archived: [Archive, 'No archived runs', 'Archived runs rest here, out of the way'],
  trash: [Trash2, 'Trash is empty', 'Deleted runs wait here until you restore them or delete them forever'],
};

/** `inFolder`: a folder is shown and nothing else narrows the list. */
export function EmptyState({ view, searching, inFolder = false }: { view: RunView; searching: boolean; inFolder?: boolean }) {
  const [Icon, title, hint] = inFolder
    ? [FolderOpen, 'No runs in this folder', 'Move runs here with “Move to folder” in a run’s menu or after Select']
    : searching
    ? [SearchX, 'No runs found', 'Try a different search term']
    : view === 'active'
      ? [MessageSquarePlus, 'No saved runs yet', 'Start a conversation to create your first run']
      : EMPTY_VIEW[view];
  return (
    <div className="flex flex-col items-center gap-1 px-4 py-10 text-center">
      <Icon className="mb-1 size-7 text-slate-500" aria-hidden="true" />
      <p className="font-medium text-slate-800">{title}</p>
      <p className="text-sm text-slate-600">{hint}</p>
    </div>
  );
}
