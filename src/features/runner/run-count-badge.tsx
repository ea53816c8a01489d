// The number of saved runs of the prompt open in the runner, on the "Previous runs" toggle (seed:
// mobile). Decorative: the list itself says how many runs there are.
import { useParams } from 'react-router';
import { useActiveRunCount } from '@/lib/data/use-runs';

export function RunCountBadge() {
  const { id = '' } = useParams();
  const count = useActiveRunCount(id);
  if (!count) return null;
  return (
    <span aria-hidden="true" data-testid="run-count" className="min-w-5 rounded-full bg-slate-900 px-1.5 text-center text-xs font-semibold leading-5 text-white">
      {count > 99 ? '99+' : count}
    </span>
  );
}
