// Actions on the selected runs (seed 5.3): star, archive, delete (or restore in the trash), export, and
// compare (two to four runs side by side). Runs shared with me take part in what is mine to do in them
// (star, my own tags and folder, export, PDF, compare): Archive and Delete act on my own runs of the selection.
import type { RunView } from '@sync/store/run-queries';
import { Button } from '@/components/ui/button';
import { MAX_COMPARED, MIN_COMPARED } from '@/lib/compare-url';

export type BulkAction = 'star' | 'archive' | 'delete' | 'restore' | 'export' | 'pdf' | 'compare' | 'tag' | 'move';

interface BulkBarProps {
  count: number;
  /** How many of the selected runs are my own (the rest are shared with me). */
  own: number;
  view: RunView;
  allSelected: boolean;
  onSelectAll: () => void;
  onAction: (action: BulkAction) => void;
  /** A line under the bar, e.g. what to select next for a comparison. */
  hint?: string | null;
  onDone: () => void;
}

export function BulkBar({ count, own, view, allSelected, onSelectAll, onAction, onDone, hint }: BulkBarProps) {
  const none = count === 0;
  const noneOwn = own === 0;
  const comparable = count >= MIN_COMPARED && count <= MAX_COMPARED;
  return (
    <div role="toolbar" aria-label="Selected runs" className="flex flex-wrap items-center gap-1 border-b border-slate-200 bg-slate-50 p-2">
      <span className="px-1 text-sm font-medium" aria-live="polite">
        {count} selected
      </span>
      <Button variant="ghost" onClick={onSelectAll}>
        {allSelected ? 'Clear' : 'All'}
      </Button>
      {view === 'trash' ? (
        <Button disabled={noneOwn} onClick={() => onAction('restore')}>Restore</Button>
      ) : (
        <>
          <Button disabled={none} onClick={() => onAction('star')}>Star</Button>
          <Button disabled={none} onClick={() => onAction('tag')}>Tag</Button>
          <Button disabled={none} onClick={() => onAction('move')}>Move to folder</Button>
          {view === 'archived' ? (
            <Button disabled={noneOwn} onClick={() => onAction('restore')}>Unarchive</Button>
          ) : (
            <Button disabled={noneOwn} onClick={() => onAction('archive')}>Archive</Button>
          )}
          <Button disabled={noneOwn} variant="danger" onClick={() => onAction('delete')}>Delete</Button>
        </>
      )}
      <Button disabled={none} onClick={() => onAction('export')}>Export</Button>
      <Button disabled={none} onClick={() => onAction('pdf')}>Download PDF</Button>
      <Button
        disabled={!comparable}
        title={comparable ? undefined : `Select ${MIN_COMPARED} to ${MAX_COMPARED} runs to compare them`}
        onClick={() => onAction('compare')}
      >
        Compare
      </Button>
      <Button variant="ghost" className="ml-auto" onClick={onDone}>
        Done
      </Button>
      {hint ? <p className="basis-full px-1 text-sm text-slate-700">{hint}</p> : null}
    </div>
  );
}
