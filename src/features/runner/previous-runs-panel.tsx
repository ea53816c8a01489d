// A simple list of this prompt's runs behind "Previous runs" (the runs sidebar issue replaces it).
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { X } from 'lucide-react';
import { listRunsForPrompt } from '@sync/index';
import { useDb } from '@/app/db-context';
import { Button } from '@/components/ui/button';

interface PreviousRunsPanelProps {
  promptId: string;
  currentRunId: string | null;
  onClose: () => void;
}

export function PreviousRunsPanel({ promptId, currentRunId, onClose }: PreviousRunsPanelProps) {
  const db = useDb();
  const runs = useLiveQuery(() => listRunsForPrompt(db, promptId, { limit: 50 }), [db, promptId]);
  return (
    <section id="previous-runs" aria-label="Previous runs" className="max-h-[50dvh] overflow-y-auto border-b border-slate-200 bg-slate-50 px-2 py-2 sm:px-4">
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold">Previous runs</h2>
        <Button variant="ghost" aria-label="Close previous runs" onClick={onClose}>
          <X className="size-4" aria-hidden="true" />
        </Button>
      </div>
      {runs === undefined ? null : runs.length === 0 ? (
        <p className="py-2 text-sm text-slate-600">No saved runs yet. Start a conversation to create your first run.</p>
      ) : (
        <ul className="flex flex-col">
          {runs.map((run) => (
            <li key={run.id}>
              <Link
                to={`/ai/prompts/run/${promptId}/${run.id}`}
                aria-current={run.id === currentRunId ? 'page' : undefined}
                className="flex min-h-11 flex-col justify-center rounded-md px-2 py-1 hover:bg-white aria-[current=page]:bg-white aria-[current=page]:font-semibold"
              >
                <span className="truncate text-sm">{run.name}</span>
                <span className="truncate text-xs text-slate-500" aria-hidden="true">
                  {new Date(run.last_message_at).toLocaleString()} · {run.message_count} messages
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
