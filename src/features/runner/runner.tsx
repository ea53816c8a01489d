// The runner screen for one session: header, optional previous-runs list, the variables form before
// the first message or the conversation after it, and the message box.
import { useCallback, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { activePath } from '@sync/index';
import { fromModelValue } from '@/lib/llm/model-value';
import { ECHO_PROVIDER_ID } from '@/lib/llm/types';
import { composeFirstMessage } from './chat-history';
import { Composer } from './composer';
import { ConversationView } from './conversation-view';
import { PreviousRunsPanel } from './previous-runs-panel';
import { RunHeader } from './run-header';
import { variableNames } from './run-settings';
import type { RunnerStore } from './runner-store';
import { VariablesForm } from './variables-form';

function modelLabel(model: string): string {
  const { provider, model_id } = fromModelValue(model);
  return provider === ECHO_PROVIDER_ID ? 'Echo (offline)' : `${model_id} (${provider})`;
}

export function Runner({ store, onNewRun }: { store: RunnerStore; onNewRun: () => void }) {
  const s = useStore(store);
  const [previousOpen, setPreviousOpen] = useState(false);
  const path = useMemo(() => activePath(s.messages, s.leafId), [s.messages, s.leafId]);
  const started = s.run !== null || path.some((m) => m.role === 'user');
  const names = useMemo(() => variableNames(s.prompt), [s.prompt]);
  const preview = started ? '' : composeFirstMessage(s.prompt.user_template, s.variableValues, '').text;

  // Stable callbacks keep memoised message rows from re-rendering on every streamed token.
  const onRetry = useCallback((id: string) => void store.getState().regenerate(id), [store]);
  const onEdit = useCallback((id: string, text: string) => store.getState().editAndResend(id, text), [store]);
  const onSwitch = useCallback((id: string, step: -1 | 1) => store.getState().switchVersion(id, step), [store]);

  return (
    <PreviousRunsPanel store={store} open={previousOpen} onOpenChange={setPreviousOpen} promptId={s.prompt.id} currentRunId={s.run?.id ?? null}>
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-0 flex-col">
      <RunHeader
        promptName={s.prompt.name}
        run={s.run}
        save={s.save}
        modelLabel={modelLabel(s.run ? `${s.run.settings.provider}:${s.run.settings.model_id}` : s.model)}
        previousOpen={previousOpen}
        onRename={s.rename}
        onNewRun={onNewRun}
        onTogglePrevious={() => setPreviousOpen((open) => !open)}
      />
      {s.notice ? (
        <p role="alert" className="bg-red-50 px-3 py-2 text-sm text-red-800">
          {s.notice}
        </p>
      ) : null}
      {started ? (
        <ConversationView path={path} messages={s.messages} busy={s.streamingId !== null} onRetry={onRetry} onEdit={onEdit} onSwitch={onSwitch} />
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <VariablesForm
            names={names}
            values={s.variableValues}
            model={s.model}
            preview={preview}
            onChange={s.setVariable}
            onModelChange={s.setModel}
          />
        </div>
      )}
      <Composer streaming={s.streamingId !== null} allowEmpty={!started && preview.trim() !== ''} onSend={s.send} onStop={s.stop} />
    </div>
    </PreviousRunsPanel>
  );
}
