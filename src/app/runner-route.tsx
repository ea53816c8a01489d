// The runner page with the runs library's sidebar around it: the two features meet here, not in each other.
import { RunnerPage } from '@/features/runner/runner-page';
import { RunnerSidebarContext } from '@/features/runner/runner-sidebar';
import { RunsSidebarLayout } from '@/features/runs/runs-sidebar';

export function RunnerRoute() {
  return (
    <RunnerSidebarContext value={RunsSidebarLayout}>
      <RunnerPage />
    </RunnerSidebarContext>
  );
}
