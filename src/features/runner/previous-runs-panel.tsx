// "Previous runs" in the runner: the runs library's sidebar (desktop) / drawer (phone) around the
// runner's column, plus the links the library opens the runner with (search match, re-run inputs).
import type { ReactNode } from 'react';
import { RunsSidebarLayout } from '@/features/runs/runs-sidebar';
import { useRunnerLinks } from '@/features/runner/use-runner-links';
import type { RunnerStore } from './runner-store';

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
  return <RunsSidebarLayout {...sidebar}>{children}</RunsSidebarLayout>;
}
