// In a run: "The prompt has changed since this run started", when the prompt's text, variables or model
// differ from the version the run started from, with what changed (a diff) a tap away.
import { useState } from 'react';
import { Dialog } from 'radix-ui';
import { X } from 'lucide-react';
import type { Run } from '@sync/model';
import { promptDiffersFrom } from '@sync/store/versions';
import { usePrompt } from '@/lib/data/use-prompts';
import { usePromptVersion } from '@/lib/data/use-organize';
import { useProviders } from '@/lib/data/use-providers';
import { Button, buttonClass } from '@/components/ui/button';
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
      <Dialog.Root open={open} onOpenChange={setOpen}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
          <Dialog.Content className="fixed inset-x-2 top-[6dvh] z-50 mx-auto flex max-h-[88dvh] max-w-2xl flex-col gap-3 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
            <div className="flex items-start justify-between gap-2">
              <Dialog.Title className="text-lg font-semibold">Changes to “{prompt.name}” since this run started</Dialog.Title>
              <Dialog.Close className={buttonClass('ghost', '-mr-2 -mt-2 px-2')} aria-label="Close">
                <X className="size-4" aria-hidden="true" />
              </Dialog.Close>
            </div>
            <Dialog.Description className="text-sm text-slate-700">
              This run keeps the prompt as it was; a new run uses the prompt as it is now.
            </Dialog.Description>
            {changed.map((field) => (
              <div key={field}>
                <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{field}</h3>
                <TextDiff before={then[field] ?? ''} after={now[field] ?? ''} />
              </div>
            ))}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </div>
  );
}
