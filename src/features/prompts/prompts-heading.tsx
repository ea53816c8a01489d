// The top of the prompt library: title, "New prompt" and one line about what a run is. Shared by the page
// and its loading state, and copied as static HTML into index.html's app shell (prompts-shell.test.tsx
// keeps the copy equal), so the first paint, the loading state and the page show the same block in the
// same place: nothing flickers or shifts while the code and the prompts load.
import { Plus } from 'lucide-react';
import { ButtonLink } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';

export const PROMPTS_INTRO =
  'Pick a prompt to start a run. Every run is saved on this device as it streams, so you can close the app and resume it later, even with no network.';

export function PromptsHeading() {
  return (
    <>
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Prompts</h1>
        <ButtonLink to="/ai/prompts/new" variant="primary">
          <Plus className="size-4" aria-hidden="true" />
          New prompt
        </ButtonLink>
      </div>
      <p className="text-sm text-slate-600">{PROMPTS_INTRO}</p>
    </>
  );
}

/** The library while its code or its rows load: the heading at once, the list's loading line below. */
export function PromptsPageLoading() {
  return (
    <div className="flex flex-col gap-4 p-3 sm:p-6">
      <PromptsHeading />
      <PageLoading label="Loading prompts…" />
    </div>
  );
}
