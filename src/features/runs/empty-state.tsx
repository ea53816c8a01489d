// Empty states (seed 4.3), with the seed's exact wording for the two it names.
import type { RunView } from '@sync/store/run-queries';

const EMPTY_VIEW: Record<Exclude<RunView, 'active'>, [string, string, string]> = {
  starred: ['⭐', 'No starred runs', 'Star a run to keep it at hand here'],
  archived: ['🗄️', 'No archived runs', 'Archived runs rest here, out of the way'],
  trash: ['🗑️', 'Trash is empty', 'Deleted runs wait here until you restore them or delete them forever'],
};

export function EmptyState({ view, searching }: { view: RunView; searching: boolean }) {
  const [icon, title, hint] = searching
    ? ['🔍', 'No runs found', 'Try a different search term']
    : view === 'active'
      ? ['📝', 'No saved runs yet', 'Start a conversation to create your first run']
      : EMPTY_VIEW[view];
  return (
    <div className="flex flex-col items-center gap-1 px-4 py-10 text-center">
      <span aria-hidden="true" className="text-2xl">
        {icon}
      </span>
      <p className="font-medium text-slate-800">{title}</p>
      <p className="text-sm text-slate-600">{hint}</p>
    </div>
  );
}
