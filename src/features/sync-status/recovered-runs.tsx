// Runs made from text written on this device for runs deleted forever on another device: the person is
// told what was kept and where, with a link to open it, until they dismiss the notice.
import { Link } from 'react-router';
import type { SyncEngine } from '@sync/engine/sync-engine';
import type { RecoveredRun } from '@sync/engine/recover-purged';
import { Button } from '@/components/ui/button';
import { count } from './describe-sync-state';

export function RecoveredRuns({ engine, recovered }: { engine: SyncEngine; recovered: RecoveredRun[] }) {
  if (recovered.length === 0) return null;
  return (
    <section aria-labelledby="recovered-heading">
      <h3 id="recovered-heading" className="font-semibold">
        Kept from runs deleted on another device
      </h3>
      <ul className="mt-1 flex flex-col gap-2">
        {recovered.map((run) => (
          <li key={run.runId} aria-label={run.name} className="rounded-md border border-amber-300 p-2">
            <p>
              Kept {count(run.count, 'message', 'messages')} written here for a run deleted on another device, in{' '}
              <Link className="font-medium underline" to={`/ai/prompts/run/${run.promptId}/${run.runId}`}>
                {run.name}
              </Link>
              .
            </p>
            <div className="mt-1 flex gap-2">
              <Button variant="ghost" onClick={() => void engine.dismissRecoveredRun(run.runId)} aria-label={`Dismiss the notice about ${run.name}`}>
                Dismiss
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
