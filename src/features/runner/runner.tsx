// The runner screen for one session: header, the previous-runs sidebar around it, the variables form
// before the first message or the conversation after it, and the message box. This frame subscribes
// only to coarse state; the streaming parts live in runner-sections.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useStore } from 'zustand';
import { useProviders } from '@/lib/data/use-providers';
import { modelLabel } from '@/lib/llm/model-label';
import { fromModelValue } from '@/lib/llm/model-value';
import { LazyShareDialog } from '@/components/share/lazy-share-dialog';
import { ModelSelect } from '@/components/model-select';
import { PromptChangedNote } from '@/components/organize/prompt-changed-note';
import { LeaveRunDialog } from '@/components/share/leave-run-dialog';
import { MessageAuthorsContext, useMessageAuthors } from './message-authors';
import { PreviousRunsPanel } from './previous-runs-panel';
import { RunHeader } from './run-header';
import type { RunnerStore } from './runner-store';
import { LiveComposer, LiveConversation, LiveRunUsage, SetupPanel } from './runner-sections';
import { accessOf } from './shared-run';

export function Runner({ store, onNewRun }: { store: RunnerStore; onNewRun: () => void }) {
  const prompt = useStore(store, (s) => s.prompt);
  const run = useStore(store, (s) => s.run);
  const save = useStore(store, (s) => s.save);
  const notice = useStore(store, (s) => s.notice);
  const model = useStore(store, (s) => s.model);
  const started = useStore(store, (s) => s.run !== null || s.messages.some((m) => m.role === 'user'));
  const streaming = useStore(store, (s) => s.streamingId !== null);
  // The name another device saved for the model picked now: its latest reply's, or the run's own.
  const savedName = useStore(store, (s) => {
    const reply = s.messages.findLast((m) => m.role === 'assistant' && m.metadata?.model === s.model && typeof m.metadata.modelName === 'string');
    return (reply?.metadata?.modelName as string | undefined) ?? (s.run && s.model === `${s.run.settings.provider}:${s.run.settings.model_id}` && typeof s.run.settings.model_label === 'string' ? s.run.settings.model_label : undefined);
  });
  const [previousOpen, setPreviousOpen] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const navigate = useNavigate();
  const access = accessOf(run);
  const authors = useMessageAuthors(store);
  const providers = useProviders();
  // A saved run names its own snapshot; a new one the model picked, with the prompt's saved name for its own model.
  const picked = fromModelValue(model);
  const samePrompt = picked.provider === prompt.settings.provider && picked.model_id === prompt.settings.model_id;
  const naming = run ? run.settings : { ...picked, ...(samePrompt ? { model_label: prompt.settings.model_label } : {}) };

  return (
    <PreviousRunsPanel store={store} open={previousOpen} onOpenChange={setPreviousOpen} promptId={prompt.id} currentRunId={run?.id ?? null}>
      <div className="flex h-[calc(100dvh-3.5rem)] min-h-0 flex-col">
        <RunHeader
          promptName={prompt.name}
          run={run}
          save={save}
          modelLabel={modelLabel(naming, providers)}
          // Started, the run can go on with another model: each reply records the one that wrote it.
          modelPicker={run && access !== 'viewer' ? <ModelSelect inline value={model} onChange={store.getState().setModel} disabled={streaming} savedLabel={savedName} /> : undefined}
          usage={run ? <LiveRunUsage store={store} /> : null}
          previousOpen={previousOpen}
          onRename={store.getState().rename}
          onNewRun={onNewRun}
          onTogglePrevious={() => setPreviousOpen((open) => !open)}
          onShare={() => setSharing(true)}
          access={access}
          onLeave={() => setLeaving(true)}
        />
        <LazyShareDialog runId={sharing && run ? run.id : null} onClose={() => setSharing(false)} />
        {run && access !== 'owner' ? (
          <LeaveRunDialog run={run} open={leaving} onOpenChange={setLeaving} onLeft={() => void navigate('/ai/prompts/runs/shared')} />
        ) : null}
        {run && access === 'owner' ? <PromptChangedNote run={run} /> : null}
        {notice ? (
          <p role="alert" className="bg-red-50 px-3 py-2 text-sm text-red-800">
            {notice}
          </p>
        ) : null}
        <MessageAuthorsContext value={authors}>
          {started ? <LiveConversation store={store} readOnly={access === 'viewer'} /> : <SetupPanel store={store} />}
        </MessageAuthorsContext>
        {access === 'viewer' ? (
          // In place of the message box: why there is none.
          <p className="border-t border-slate-200 bg-slate-50 p-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] text-center text-sm text-slate-700">
            Shared with you to read by {run?.shared?.owner_email || 'its owner'}
          </p>
        ) : (
          <LiveComposer store={store} started={started} />
        )}
      </div>
    </PreviousRunsPanel>
  );
}
