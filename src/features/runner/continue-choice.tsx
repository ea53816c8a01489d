// The seed's "continue mode": a prompt that already has runs offers its latest run first, in one tap.
import { History, Plus } from 'lucide-react';
import type { Prompt, Run } from '@sync/model';
import { Button, ButtonLink } from '@/components/ui/button';
import { relativeTime } from '@/lib/text/dates';

interface ContinueChoiceProps {
  prompt: Prompt;
  latest: Run;
  onStartFresh: () => void;
}

export function ContinueChoice({ prompt, latest, onStartFresh }: ContinueChoiceProps) {
  return (
    <section aria-labelledby="continue-title" className="mx-auto flex w-full max-w-md flex-col gap-3 p-4">
      <h1 id="continue-title" className="text-lg font-semibold">{prompt.name}</h1>
      <p className="text-sm text-slate-600">
        You last ran this prompt <time dateTime={latest.last_message_at} title={new Date(latest.last_message_at).toLocaleString()}>{relativeTime(latest.last_message_at)}</time>.
      </p>
      <ButtonLink to={`/ai/prompts/run/${prompt.id}/${latest.id}`} replace variant="primary" className="min-h-12 justify-start">
        <History className="size-4 shrink-0" aria-hidden="true" />
        <span className="truncate">{`Continue “${latest.name}”`}</span>
      </ButtonLink>
      <Button onClick={onStartFresh} className="min-h-12 justify-start">
        <Plus className="size-4" aria-hidden="true" />
        Start fresh
      </Button>
    </section>
  );
}
