// The runner's parts that change while a reply streams, each subscribed to just the state it shows, so
// a streamed token re-renders the conversation and nothing around it (header, sidebar, message box).
import { useCallback, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import { RunUsageLine } from '@/components/usage/run-usage';
import { usePrices } from '@/lib/data/use-prices';
import { sumUsage } from '@sync/usage/reply-usage';
import { activePath } from '@sync/tree';
import { composeFirstMessage } from './chat-history';
import { Composer } from './composer';
import { ModelsPicker } from './models-picker';
import { ConversationView } from './conversation-view';
import { LiveRepliesContext } from './live-replies-context';
import { withRemote } from './remote-path';
import { variableNames } from './run-settings';
import type { RunnerStore } from './runner-store';
import { VariablesForm } from './variables-form';

export function LiveConversation({ store, readOnly = false }: { store: RunnerStore; readOnly?: boolean }) {
  const stored = useStore(store, (s) => s.messages);
  const storedLeaf = useStore(store, (s) => s.leafId);
  const busy = useStore(store, (s) => s.streamingId !== null);
  // A reply streaming on another screen joins the branch on screen when it continues it.
  const remote = useStore(useContext(LiveRepliesContext), (s) => s.messages);
  const { messages, leafId } = useMemo(() => withRemote(stored, storedLeaf, remote), [stored, storedLeaf, remote]);
  const path = useMemo(() => activePath(messages, leafId), [messages, leafId]);
  // Stable callbacks keep memoised message rows from re-rendering on every streamed token.
  const onRetry = useCallback((id: string) => void store.getState().regenerate(id), [store]);
  const onContinue = useCallback((id: string) => void store.getState().continueReply(id), [store]);
  const onEdit = useCallback((id: string, text: string) => store.getState().editAndResend(id, text), [store]);
  const onSwitch = useCallback((id: string, step: -1 | 1) => store.getState().switchVersion(id, step), [store]);
  // A run listed before its messages reached this device (a new device's first sync brings every run,
  // then their messages, newest runs first): they show here as they arrive (followStoredRun).
  const awaited = useStore(store, (s) => s.messages.length === 0 && (s.run?.message_count ?? 0) > 0);
  if (awaited) {
    return (
      <div className="min-h-0 flex-1 overflow-y-auto p-4">
        <p role="status" className="mx-auto max-w-prose rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
          The messages of this run have not reached this device yet. They show here as soon as they arrive, while this device is online.
        </p>
      </div>
    );
  }
  return <ConversationView path={path} messages={messages} busy={busy} onRetry={onRetry} onContinue={onContinue} onEdit={onEdit} onSwitch={onSwitch} readOnly={readOnly} />;
}

export function SetupPanel({ store }: { store: RunnerStore }) {
  const prompt = useStore(store, (s) => s.prompt);
  const values = useStore(store, (s) => s.variableValues);
  const model = useStore(store, (s) => s.model);
  const extra = useStore(store, (s) => s.extraModels);
  const names = useMemo(() => variableNames(prompt), [prompt]);
  const { setVariable, setModel, setExtraModels } = store.getState();
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <VariablesForm
        moreModels={<ModelsPicker model={model} extra={extra} onChange={setExtraModels} />}
        names={names}
        values={values}
        model={model}
        modelName={model === `${prompt.settings.provider}:${prompt.settings.model_id}` && typeof prompt.settings.model_label === 'string' ? prompt.settings.model_label : undefined}
        preview={composeFirstMessage(prompt.user_template, values, '').text}
        onChange={setVariable}
        onModelChange={setModel}
      />
    </div>
  );
}

export function LiveComposer({ store, started }: { store: RunnerStore; started: boolean }) {
  const streaming = useStore(store, (s) => s.streamingId !== null);
  // Before the first message a non-empty rendered template can be sent with an empty box.
  const allowEmpty = useStore(
    store,
    (s) => !started && composeFirstMessage(s.prompt.user_template, s.variableValues, '').text.trim() !== '',
  );
  const { send, stop } = store.getState();
  return <Composer streaming={streaming} allowEmpty={allowEmpty} onSend={send} onStop={stop} />;
}

/** The run's totals (tokens, cost, time) for the header: they change when a reply finishes, not per token. */
export function LiveRunUsage({ store }: { store: RunnerStore }) {
  const prices = usePrices();
  const count = useStore(store, (s) => s.messages.length);
  const streaming = useStore(store, (s) => s.streamingId);
  const totals = useMemo(
    () => (prices ? sumUsage(store.getState().messages, prices) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read the messages when a reply is added or ends
    [store, prices, count, streaming],
  );
  return totals ? <RunUsageLine totals={totals} /> : null;
}
