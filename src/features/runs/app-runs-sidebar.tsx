// The runs sidebar of wide screens (1024 px and up): beside every page while open, as in chat apps, it lists
// the runs of the prompt in view ("This prompt") or the latest runs of every prompt ("All"), with its folders
// above them (folder-nav.tsx). The choices are kept on the device (runs-sidebar-state.ts). Loaded when first
// opened.
import { X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { RunsLibrary } from './runs-library';
import { setRunsSidebar, useRunsSidebar, type SidebarScope } from './runs-sidebar-state';
import { ToastRegion } from './toasts';

export const SIDEBAR_TITLE = 'Previous runs';

const SCOPES: Array<[SidebarScope, string]> = [
  ['prompt', 'This prompt'],
  ['all', 'All'],
];

interface AppRunsSidebarProps {
  /** The prompt of the page in view (the runner's, a prompt's runs or editor), if any. */
  promptId: string | null;
  currentRunId: string | null;
}

export function AppRunsSidebar({ promptId, currentRunId }: AppRunsSidebarProps) {
  const { scope } = useRunsSidebar();
  // With no prompt in view there is no "this prompt": the sidebar lists all runs (the choice is kept for later).
  const shown = promptId ? scope : 'all';
  return (
    <aside
      id="previous-runs"
      aria-label={SIDEBAR_TITLE}
      className="sticky top-14 flex h-[calc(100dvh-3.5rem)] w-[300px] shrink-0 flex-col border-r border-slate-200 bg-white"
    >
      <div className="flex items-center justify-between pl-3 pr-1">
        <h2 className="text-sm font-semibold">{SIDEBAR_TITLE}</h2>
        <Button variant="ghost" aria-label="Close previous runs" onClick={() => setRunsSidebar({ open: false })}>
          <X className="size-4" aria-hidden="true" />
        </Button>
      </div>
      <div className="px-2">
        <div role="radiogroup" aria-label="Runs shown" className="grid grid-cols-2 gap-0.5 rounded-md border border-slate-300 p-0.5">
          {SCOPES.map(([value, label]) => (
            <label
              key={value}
              title={!promptId && value === 'prompt' ? 'Open a prompt or a run to list its runs' : undefined}
              className={`inline-flex min-h-10 cursor-pointer items-center justify-center rounded px-2 text-sm font-medium has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-sky-600 ${
                shown === value ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'
              }`}
            >
              <input
                type="radio"
                name="runs-sidebar-scope"
                className="sr-only"
                checked={shown === value}
                disabled={!promptId && value === 'prompt'}
                onChange={() => setRunsSidebar({ scope: value })}
              />
              {label}
            </label>
          ))}
        </div>
      </div>
      <RunsLibrary
        key={shown === 'prompt' ? `prompt:${promptId}` : 'all'}
        promptId={shown === 'prompt' ? promptId : null}
        currentRunId={currentRunId}
        label={shown === 'prompt' ? 'Runs of this prompt' : 'All runs'}
        folderNav
      />
      <ToastRegion />
    </aside>
  );
}
