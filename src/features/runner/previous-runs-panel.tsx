// "Previous runs" in the runner: the sidebar (desktop) / drawer (phone) the app provides around the
// runner's column, plus the links the library opens the runner with (search match, re-run inputs).
import { useContext, type ReactNode } from 'react';
import type { RunnerStore } from './runner-store';
import { RunnerSidebarContext } from './runner-sidebar';
import { useRunnerLinks } from './use-runner-links';

interface PreviousRunsPanelProps {
  store: RunnerStore;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  promptId: string;
  currentRunId: string | null;
  children: ReactNode;
}

export function PreviousRunsPanel({ store, children, ...sidebar }: PreviousRunsPanelProps) {
  useRunnerLinks(store);
  const Sidebar = useContext(RunnerSidebarContext);
  return <Sidebar {...sidebar}>{children}</Sidebar>;
}
