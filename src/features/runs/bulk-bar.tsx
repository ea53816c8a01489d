// Actions on the selected runs (seed 5.3): star, archive, delete (or restore in the trash), export.
import type { RunView } from '@sync/store/run-queries';
import { Button } from '@/components/ui/button';

interface BulkBarProps {
  count: number;
  view: RunView;
  allSelected: boolean;
  onSelectAll: () => void;
  onAction: (action: 'star' | 'archive' | 'delete' | 'restore' | 'export') => void;
  onDone: () => void;
}

export function BulkBar({ count, view, allSelected, onSelectAll, onAction, onDone }: BulkBarProps) {
  const none = count === 0;
  return (
    <div role="toolbar" aria-label="Selected runs" className="flex flex-wrap items-center gap-1 border-b border-slate-200 bg-slate-50 p-2">
      <span className="px-1 text-sm font-medium" aria-live="polite">
        {count} selected
      </span>
      <Button variant="ghost" onClick={onSelectAll}>
        {allSelected ? 'Clear' : 'All'}
      </Button>
      {view === 'trash' ? (
        <Button disabled={none} onClick={() => onAction('restore')}>Restore</Button>
      ) : (
        <>
          <Button disabled={none} onClick={() => onAction('star')}>Star</Button>
          {view === 'archived' ? (
            <Button disabled={none} onClick={() => onAction('restore')}>Unarchive</Button>
          ) : (
            <Button disabled={none} onClick={() => onAction('archive')}>Archive</Button>
          )}
          <Button disabled={none} variant="danger" onClick={() => onAction('delete')}>Delete</Button>
        </>
      )}
      <Button disabled={none} onClick={() => onAction('export')}>Export</Button>
      <Button variant="ghost" className="ml-auto" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}
