// In a run: "The prompt has changed since this run started", when the prompt's text, variables or model
// differ from the version the run started from, with what changed (a diff) a tap away.
import { DialogFrame } from '@/components/ui/dialog-frame';
import { useState } from 'react';
import type { Run } from '@sync/model';
import { promptDiffersFrom } from '@sync/store/versions';
import { usePrompt } from '@/lib/data/use-prompts';
import { usePromptVersion } from '@/lib/data/use-organize';
import { useProviders } from '@/lib/data/use-providers';
import { Button } from '@/components/ui/button';
import { promptFields } from './prompt-history';
import { TextDiff } from './text-diff';

export function PromptChangedNote({ run }: { run: Pick<Run, 'prompt_id' | 'prompt_version_id'> }) {
  const prompt = usePrompt(run.prompt_id);
  const version = usePromptVersion(run.prompt_version_id);
  const providers = useProviders();
  const [open, setOpen] = useState(false);
  if (!prompt || !version || !promptDiffersFrom(prompt, version.snapshot)) return null;
  const then = promptFields(version.snapshot, providers);
  const now = promptFields(prompt, providers);
  // The name and description are not what the run was made from: only the rest counts as a change.
  const changed = Object.keys(now).filter((k) => k !== 'Name' && k !== 'Description' && then[k] !== now[k]);
  return (
    <div role="status" className="flex flex-wrap items-center gap-x-2 border-b border-amber-200 bg-amber-50 px-3 py-1 text-sm text-amber-900">
      <span>The prompt has changed since this run started.</span>
      <Button variant="ghost" className="underline" onClick={() => setOpen(true)}>
        What changed
      </Button>
      <DialogFrame
        open={open}
        onOpenChange={setOpen}
        title={`Changes to “${prompt.name}” since this run started`}
        description="This run keeps the prompt as it was; a new run uses the prompt as it is now."
        showDescription
        className="fixed inset-x-2 top-[6dvh] mx-auto flex max-h-[88dvh] max-w-2xl flex-col gap-3 overflow-y-auto p-5"
      >
        {changed.map((field) => (
          <div key={field}>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{field}</h3>
            <TextDiff before={then[field] ?? ''} after={now[field] ?? ''} />
          </div>
        ))}
      </DialogFrame>
    </div>
  );
}
