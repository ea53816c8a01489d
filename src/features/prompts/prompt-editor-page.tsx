// Create (/ai/prompts/new) or edit (/ai/prompts/:id/edit) a prompt.
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { Prompt } from '@sync/model';
import { getPrompt } from '@sync/store/prompts';
import { getDefaultModel } from '@/lib/llm/providers-store';
import { toModelValue } from '@/lib/llm/model-value';
import { useDb } from '@/lib/data/db-context';
import { ButtonLink } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';
import { PromptForm } from './prompt-form-view';

type Loaded = { state: 'loading' } | { state: 'missing' } | { state: 'ready'; prompt: Prompt | null; defaultModel?: string };

export function PromptEditorPage() {
  const db = useDb();
  const { id } = useParams();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    if (!id) {
      // A new prompt starts on the device's default model (Settings).
      void getDefaultModel(db).then((ref) => live && setLoaded({ state: 'ready', prompt: null, defaultModel: toModelValue(ref) }));
      return () => {
        live = false;
      };
    }
    void getPrompt(db, id).then((prompt) => {
      if (live) setLoaded(prompt && prompt.status !== 'deleted' ? { state: 'ready', prompt } : { state: 'missing' });
    });
    return () => {
      live = false;
    };
  }, [db, id]);

  if (loaded.state === 'loading') return <PageLoading label="Loading prompt…" />;
  if (loaded.state === 'missing') {
    return (
      <div role="alert" className="p-6">
        <p className="mb-3">This prompt does not exist on this device.</p>
        <ButtonLink to="/ai/prompts">Back to prompts</ButtonLink>
      </div>
    );
  }
  // A restored version remounts the form with the prompt as it is now.
  return (
    <PromptForm
      key={loaded.prompt ? `${loaded.prompt.id}@${loaded.prompt.updated_at}` : 'new'}
      prompt={loaded.prompt}
      defaultModel={loaded.defaultModel}
      onRestored={(prompt) => setLoaded({ state: 'ready', prompt })}
    />
  );
}
