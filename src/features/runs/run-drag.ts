// Dragging runs onto a folder (desktop): a row's drag carries the ids of the runs it moves (the row's run,
// or every selected run when it is one of them) in a type of its own, so a folder only takes runs, and any
// other drag (text, files, a link from elsewhere) is left alone.
import { createContext } from 'react';
import type { Run } from '@sync/model';

export const RUN_DRAG_TYPE = 'application/x-prompt-runs';

/** Given the row dragged, the ids of the runs its drag moves (none provided: rows are not dragged). */
export const RunDragContext = createContext<((run: Run) => string[]) | null>(null);

/** `link`: the dragged run's address, for drops elsewhere (another tab, the address bar), as a link's drag. */
export function putRunsOnDrag(data: DataTransfer, ids: readonly string[], link: string): void {
  data.setData(RUN_DRAG_TYPE, JSON.stringify(ids));
  data.setData('text/uri-list', link);
  data.setData('text/plain', link);
  data.effectAllowed = 'copyMove';
}

/** A drag of runs (its ids are readable only on drop; the type is known all along). */
export function carriesRuns(data: DataTransfer | null): boolean {
  return data !== null && [...data.types].includes(RUN_DRAG_TYPE);
}

/** The run ids a drop carries, or none when it is not a drag of runs (or not one of ours). */
export function droppedRuns(data: DataTransfer): string[] {
  try {
    const ids: unknown = JSON.parse(data.getData(RUN_DRAG_TYPE) || '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
