// A prompt saved from a run ("Save as template") links back to that run, or says it is gone.
import { Link } from 'react-router';
import { useRunLink } from '@/lib/data/use-runs';

export function SourceRunLink({ runId }: { runId: string }) {
  const run = useRunLink(runId);
  if (run === undefined) return null;
  return (
    <p className="text-sm text-slate-700">
      {run ? (
        <>
          Saved from the run{' '}
          <Link className="font-medium text-sky-800 underline" to={`/ai/prompts/run/${run.prompt_id}/${run.id}`}>
            {run.name}
          </Link>
        </>
      ) : (
        'Saved from a run that is no longer on this device.'
      )}
    </p>
  );
}
