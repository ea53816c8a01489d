// The prompt library: every prompt on this device, newest first, with run / edit / duplicate / delete.
import { useDeferredValue, useState } from 'react';
import type { Prompt } from '@sync/model';
import { deletePrompt, duplicatePrompt } from '@sync/store/prompts';
import { useDb } from '@/lib/data/db-context';
import { usePrompts } from '@/lib/data/use-prompts';
import { LazyConfirmDialog } from '@/components/ui/lazy-confirm-dialog';
import { PageLoading } from '@/components/ui/page-loading';
import { PromptCard } from './prompt-card';
import { PromptsHeading } from './prompts-heading';

export function PromptsPage() {
  const db = useDb();
  // Deferred: the list's first render (cards, links, icons) runs as a transition React can slice, not as one
  // long task when the query answers during start-up.
  const prompts = useDeferredValue(usePrompts());
  const [toDelete, setToDelete] = useState<Prompt | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function duplicate(prompt: Prompt) {
    const result = await duplicatePrompt(db, prompt.id);
    setError(result.ok ? null : result.error.message);
  }

  async function confirmDelete() {
    if (!toDelete) return;
    const result = await deletePrompt(db, toDelete.id);
    setError(result.ok ? null : result.error.message);
    setToDelete(null);
  }

  return (
    <div className="flex flex-col gap-4 p-3 sm:p-6">
      <PromptsHeading />
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {prompts === undefined ? (
        <PageLoading label="Loading prompts…" />
      ) : prompts.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">
          No prompts yet. Create one to start a run.
        </p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Prompt library">
          {prompts.map((prompt) => (
            <PromptCard key={prompt.id} prompt={prompt} onDuplicate={duplicate} onDelete={setToDelete} />
          ))}
        </ul>
      )}
      <LazyConfirmDialog
        open={toDelete !== null}
        onOpenChange={(open) => !open && setToDelete(null)}
        title="Delete prompt?"
        description={`“${toDelete?.name ?? ''}” will be removed from the library. Its saved runs stay available.`}
        confirmLabel="Delete"
        onConfirm={() => void confirmDelete()}
      />
    </div>
  );
}
