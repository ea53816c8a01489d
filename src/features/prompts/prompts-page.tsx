// The prompt library: every prompt on this device, newest first, with run / edit / tags / duplicate /
// delete, narrowed to the prompts carrying every tag ticked in "Filter by tag".
import { useDeferredValue, useState } from 'react';
import type { Prompt } from '@sync/model';
import type { Tag } from '@sync/organize-model';
import { deletePrompt, duplicatePrompt } from '@sync/store/prompts';
import { useDb } from '@/lib/data/db-context';
import { usePrompts } from '@/lib/data/use-prompts';
import { useTags, useTagsByItem } from '@/lib/data/use-organize';
import { count } from '@/lib/text/plural';
import { Button } from '@/components/ui/button';
import { LazyConfirmDialog } from '@/components/ui/lazy-confirm-dialog';
import { PageLoading } from '@/components/ui/page-loading';
import { LazyTagFilterMenu, LazyTagsDialog } from '@/components/organize/lazy-organize';
import { PromptCard } from './prompt-card';
import { PromptsHeading } from './prompts-heading';

const NONE: readonly Tag[] = [];

export function PromptsPage() {
  const db = useDb();
  // Deferred: the list's first render (cards, links, icons) runs as a transition React can slice, not as one
  // long task when the query answers during start-up.
  const prompts = useDeferredValue(usePrompts());
  const tags = useTags();
  const tagsByPrompt = useTagsByItem('prompt');
  const [chosenIds, setChosen] = useState<string[]>([]);
  const [tagging, setTagging] = useState<Prompt | null>(null);
  const [toDelete, setToDelete] = useState<Prompt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tagsOf = (prompt: Prompt): readonly Tag[] => tagsByPrompt?.get(prompt.id) ?? NONE;
  // A tag deleted (here or on another device) while ticked stops narrowing the list.
  const chosen = chosenIds.filter((id) => tags?.some((t) => t.id === id));
  const shown = prompts?.filter((p) => chosen.every((id) => tagsOf(p).some((t) => t.id === id)));
  // The filter offers the tags some prompt carries (a tag only on runs would show no prompt), and those ticked.
  const carried = new Set([...(prompts ?? []).flatMap((p) => tagsOf(p).map((t) => t.id)), ...chosen]);
  const offered = (tags ?? []).filter((t) => carried.has(t.id));

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
        <>
          {offered.length > 0 ? (
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <LazyTagFilterMenu tags={offered} chosen={chosen} onChange={setChosen} emptyHint="No prompt has a tag yet." />
              <p role="status" className="text-sm text-slate-600">
                {chosen.length > 0 ? `Showing ${shown!.length} of ${count(prompts.length, 'prompt')}` : ''}
              </p>
            </div>
          ) : null}
          {shown!.length === 0 ? (
            <div className="flex flex-col items-center gap-2 rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">
              <p>No prompt carries {chosen.length === 1 ? 'this tag' : 'all of these tags'}.</p>
              <Button onClick={() => setChosen([])}>Show all prompts</Button>
            </div>
          ) : (
            <ul className="grid gap-3 sm:grid-cols-2" aria-label="Prompt library">
              {shown!.map((prompt) => (
                <PromptCard key={prompt.id} prompt={prompt} tags={tagsOf(prompt)} onTags={setTagging} onDuplicate={duplicate} onDelete={setToDelete} />
              ))}
            </ul>
          )}
        </>
      )}
      <LazyTagsDialog
        kind="prompt"
        itemIds={tagging ? [tagging.id] : []}
        title={`Tags of “${tagging?.name ?? ''}”`}
        open={tagging !== null}
        onOpenChange={(open) => (open ? undefined : setTagging(null))}
      />
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
