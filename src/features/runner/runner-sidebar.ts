// The "Previous runs" sidebar around the runner's column belongs to the runs library; the app puts the
// two together (src/app/runner-route.tsx), so the runner names only the shape it fills in.
import { createContext, type ComponentType, type ReactNode } from 'react';

export interface RunnerSidebarProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  promptId: string;
  currentRunId: string | null;
  children: ReactNode;
}

/** Without a sidebar (none provided) the runner's column is shown alone. */
function ColumnOnly({ children }: RunnerSidebarProps) {
  return children;
}

export const RunnerSidebarContext = createContext<ComponentType<RunnerSidebarProps>>(ColumnOnly);
