// What the runs library asks of the runner when it opens it: a search result scrolls to (and shows
// the branch of) the matched message (`?message=<id>`), and "Re-run with same inputs" prefills a new
// run's variables and model (navigation state `rerun`).
import { useEffect } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { activePath, deepestLeaf } from '@sync/tree';
import type { RunnerStore } from '@/features/runner/runner-store';

export interface RerunState {
  rerun?: { variable_values: Record<string, string>; model: string };
}

const FRAMES = 40;
const HIGHLIGHT_MS = 2500;

export function useRunnerLinks(store: RunnerStore): void {
  const location = useLocation();
  const [params] = useSearchParams();
  const target = params.get('message');
  const rerun = (location.state as RerunState | null)?.rerun;

  useEffect(() => {
    const s = store.getState();
    if (!rerun || s.run) return;
    for (const [name, value] of Object.entries(rerun.variable_values)) s.setVariable(name, value);
    s.setModel(rerun.model);
  }, [store, rerun]);

  useEffect(() => {
    if (!target) return;
    const s = store.getState();
    if (!s.messages.some((m) => m.id === target)) return;
    // The match may sit on another branch: show the branch that contains it.
    if (!activePath(s.messages, s.leafId).some((m) => m.id === target)) store.setState({ leafId: deepestLeaf(s.messages, target) });
    let frame = 0;
    let tries = 0;
    let settled = 0;
    const step = () => {
      const { messages, leafId } = store.getState();
      const path = activePath(messages, leafId);
      const index = path.findIndex((m) => m.id === target);
      const scroller = document.querySelector<HTMLElement>('section[aria-label="Conversation"]');
      if (index < 0 || !scroller) return;
      const row = scroller.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (row) {
        // Rows are measured as they render, so keep centring for a few frames while heights settle.
        row.scrollIntoView({ block: 'center' });
        row.dataset.searchMatch = 'true';
        row.classList.add('bg-amber-50');
        setTimeout(() => row.classList.remove('bg-amber-50'), HIGHLIGHT_MS);
        if (++settled >= 6) return;
      } else {
        // Virtualised: the row exists only near the viewport, so move there first.
        scroller.scrollTop = (index / Math.max(1, path.length)) * scroller.scrollHeight;
      }
      if (++tries < FRAMES) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [store, target]);
}
