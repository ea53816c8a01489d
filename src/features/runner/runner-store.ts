// One runner session (a new run, or a resumed one) as a zustand store: the conversation tree, the
// branch on screen, the live stream and the save state. No React here; the page binds it with useStore.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PromptRunsDB } from '@sync/db';
import { AppError, type Message, type Prompt, type Result, type Run } from '@sync/model';
import { generateRunName } from '@sync/naming';
import { renderTemplate } from '@sync/template';
import { getRun, STALE_STREAM_MS } from '@sync/store/runs';
import { activePath, deepestLeaf, siblingsOf } from '@sync/tree';
import type { ChatRequest, ProviderConfig, StreamEvent } from '@/lib/llm/types';
import { estimateInputTokens } from '@/lib/usage/estimate-tokens';
import { createAutoSave, type SaveState } from './auto-save';
import { composeFirstMessage, continuationRequest, toChatMessages } from './chat-history';
import { streamReply } from './stream-reply';
import { newMessage as message } from './new-message';
import { frameBatcher } from './next-frame';
import { initialVariableValues, settingsSnapshot } from './run-settings';
import { replySettings, resumeModel } from './reply-model';
import { fromModelValue } from '@/lib/llm/model-value';
import { modelLabel, nameModel } from '@/lib/llm/model-label';
import { withStored } from './with-stored';

export interface RunnerState {
  prompt: Prompt;
  run: Run | null;
  /** Every message of the run, all branches. */
  messages: Message[];
  /** Leaf of the branch on screen. */
  leafId: string | null;
  variableValues: Record<string, string>;
  /** 'provider:model' of the next reply: a new run's model, or the one picked since (see reply-model.ts). */
  model: string;
  /** More models for the first message ("Models"): each gets a run of its own, compared side by side. */
  extraModels: string[];
  streamingId: string | null;
  save: SaveState;
  /** A problem not tied to a message (e.g. the run could not be created). */
  notice: string | null;
}

export interface RunnerActions {
  setVariable(name: string, value: string): void;
  setModel(value: string): void;
  setExtraModels(values: string[]): void;
  /** Resolves once the user's message is stored (true) or refused (false); the reply streams on. */
  send(typed: string): Promise<boolean>;
  regenerate(assistantId: string): Promise<void>;
  /** A new version of a cut-off reply: its text, then what the model adds to it (the partial stays as it was). */
  continueReply(assistantId: string): Promise<void>;
  /** Answer the user message at the leaf when it has no reply yet (a run started elsewhere, e.g. a comparison). */
  replyToLeaf(): Promise<void>;
  editAndResend(userId: string, text: string): Promise<boolean>;
  stop(): void;
  switchVersion(messageId: string, step: -1 | 1): void;
  rename(name: string): Promise<Result<Run>>;
  /**
   * The run changed in the database (another tab, another device through sync): take its metadata, add the messages
   * this session lacks, and show the current leaf if it moved or was missing (a first sync's), unless a reply streams.
   */
  applyStored(run: Run, messages: Message[] | null): void;
  dispose(): void;
}

export type RunnerStore = StoreApi<RunnerState & RunnerActions>;

export interface RunnerDeps {
  db: PromptRunsDB;
  prompt: Prompt;
  loaded?: { run: Run; messages: Message[] } | null;
  resolveProvider(providerId: string): Promise<ProviderConfig | null>;
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
  onRunCreated?(run: Run): void;
  /** The first send with extra models: start one run per model elsewhere; resolves true once they exist. */
  startComparison?(request: { typed: string; variableValues: Record<string, string>; models: string[] }): Promise<boolean>;
  checkpointEveryMs?: number;
}

export function createRunnerStore(deps: RunnerDeps): RunnerStore {
  const { db, prompt } = deps;
  let controller: AbortController | null = null;
  // Replies still to be stored with the next exchange save: those a reload left 'streaming' (no live
  // stream owns them; shown as interrupted) and any whose own save failed (e.g. storage full).
  let unsaved: Message[] = [];
  const loadedMessages = (deps.loaded?.messages ?? []).map((m) => {
    if (m.status !== 'streaming') return m;
    const interrupted = { ...m, status: 'interrupted' as const };
    unsaved.push(interrupted);
    return interrupted;
  });
  const run = deps.loaded?.run ?? null;
  // Stored as interrupted once no other tab can still be writing them (getRun's rule), so exports, the
  // list's preview and search have them though no message is sent; left running if the runner closes.
  if (run && unsaved.length > 0) setTimeout(() => void getRun(db, run.id), STALE_STREAM_MS + 500);
  const known = run?.current_leaf_id && loadedMessages.some((m) => m.id === run.current_leaf_id);
  // Reopen where the user was: a reply cut off by a reload (e.g. a Retry) was on screen, so show its branch.
  const lastCut = unsaved.reduce<Message | null>((newest, m) => (!newest || m.createdAt > newest.createdAt ? m : newest), null);
  const openAt = lastCut ? lastCut.id : known ? run.current_leaf_id : null;

  const store = createStore<RunnerState & RunnerActions>()((set, get) => {
    const autoSave = createAutoSave(db, (save) => set({ save }));
    const put = (m: Message) => set((s) => ({ messages: s.messages.map((x) => (x.id === m.id ? m : x)) }));
    // The latest text at most once per frame, not per chunk (text after a quiet spell at once).
    const live = frameBatcher(put);

    /** Streams a new reply to `user`; given `partial` (a cut-off reply), one that goes on from its text. */
    async function reply(user: Message, partial?: Message): Promise<void> {
      const current = get().run;
      if (!current) return;
      const settings = replySettings(current, get().model);
      const assistant = message(current.id, user.id, 'assistant', partial?.content ?? '', {
        status: 'streaming',
        metadata: { model: `${settings.provider}:${settings.model_id}`, modelId: settings.model_id },
      });
      controller = new AbortController();
      const signal = controller.signal;
      // A lingering "Saved" belongs to the previous exchange; clear it so it never reads as this one's.
      set((s) => ({
        messages: [...s.messages, assistant],
        leafId: assistant.id,
        streamingId: assistant.id,
        save: s.save.status === 'saved' ? { status: 'idle', error: null } : s.save,
      }));
      const provider = await deps.resolveProvider(settings.provider);
      const path = toChatMessages(activePath(get().messages, user.id));
      const chat = partial ? continuationRequest(path, partial.content) : path;
      // The reply names the model that wrote it as people read it (the run's saved name where this device
      // lacks the provider), for this and any other device.
      const label = modelLabel(settings, provider ? [provider] : null);
      const named = { ...assistant, metadata: { ...assistant.metadata, modelName: label } };
      const final = provider
        ? await streamReply({
            events: deps.stream({
              provider,
              model: settings.model_id,
              messages: chat,
              ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
              ...(settings.max_tokens !== undefined ? { maxTokens: settings.max_tokens } : {}),
              signal,
            }),
            message: named,
            inputTokensEstimate: estimateInputTokens(chat),
            onText: live.push,
            checkpoint: (m) => autoSave.checkpoint(m),
            ...(deps.checkpointEveryMs !== undefined ? { checkpointEveryMs: deps.checkpointEveryMs } : {}),
          })
        : {
            ...named,
            status: 'error' as const,
            metadata: {
              ...named.metadata,
              error: `${label} is not set up on this device: its provider was added on another device or removed. Add it in Settings, or pick another model for this run.`,
            },
          };
      live.cancel();
      controller = null;
      const batch = [...unsaved.filter((m) => m.id !== final.id), final];
      const { saved: saving, shown } = autoSave.saveExchange(current.id, batch);
      // Finished on screen once saved, so a reload right after keeps it (or once the save waits for space).
      await shown;
      put(final);
      set({ streamingId: null });
      const saved = await saving;
      // On failure the indicator says "Not saved"; the reply stays on screen and goes with the next save.
      unsaved = saved.ok ? [] : batch;
      if (saved.ok) set({ run: saved.value });
    }

    /** Stores a user message, then streams the reply; a refused save rolls the message back. */
    async function submit(user: Message, save: () => Promise<Result<Run>>): Promise<boolean> {
      const before = get();
      set((s) => ({ messages: [...s.messages, user], leafId: user.id, notice: null }));
      const saved = await save();
      if (!saved.ok) {
        set({ messages: before.messages, leafId: before.leafId, notice: `Not sent: ${saved.error.message}` });
        return false;
      }
      set((s) => ({ run: saved.value, messages: s.messages.map((m) => (m.runId ? m : { ...m, runId: saved.value.id })) }));
      void reply(user);
      return true;
    }

    async function startRun(typed: string): Promise<boolean> {
      const { variableValues, model } = get();
      const first = composeFirstMessage(prompt.user_template, variableValues, typed);
      if (!first.text.trim()) return false;
      // The rendered system message is stored as the root, so a resumed run keeps the instructions it began with.
      const systemText = renderTemplate(prompt.system_message, variableValues).text;
      const system = systemText.trim() ? message('', null, 'system', systemText) : null;
      const user = message('', system?.id ?? null, 'user', first.text);
      const messages = system ? [system, user] : [user];
      set({ messages: system ? [system] : [] });
      const ok = await submit(user, async () => {
        const picked = fromModelValue(model);
        const provider = picked.provider ? await deps.resolveProvider(picked.provider) : null;
        const created = await autoSave.startRun(prompt.id, {
          variable_values: { ...variableValues },
          settings: settingsSnapshot(prompt.settings, model, provider && picked.model_id ? nameModel(provider, picked.model_id) : undefined),
          name: generateRunName(first.text),
          messages,
        });
        // Replies go on with the run's model until the person picks another.
        if (created.ok) set({ model: `${created.value.settings.provider}:${created.value.settings.model_id}` });
        if (created.ok) deps.onRunCreated?.(created.value);
        return created;
      });
      if (!ok) set({ messages: [] });
      return ok;
    }

    return {
      prompt,
      run,
      messages: loadedMessages,
      leafId: run ? deepestLeaf(loadedMessages, openAt) || null : null,
      variableValues: run ? { ...run.variable_values } : initialVariableValues(prompt),
      model: run ? resumeModel(run, activePath(loadedMessages, deepestLeaf(loadedMessages, openAt) || null)) : `${prompt.settings.provider}:${prompt.settings.model_id}`,
      extraModels: [],
      streamingId: null,
      save: { status: 'idle', error: null },
      notice: null,

      setVariable: (name, value) => set((s) => ({ variableValues: { ...s.variableValues, [name]: value } })),
      setModel: (model) => set((s) => ({ model, extraModels: s.extraModels.filter((m) => m !== model) })),
      setExtraModels: (extraModels) => set((s) => ({ extraModels: extraModels.filter((m) => m !== s.model) })),
      async send(typed) {
        const s = get();
        if (s.streamingId) return false;
        if (!s.run && s.extraModels.length > 0 && deps.startComparison) {
          return deps.startComparison({ typed, variableValues: { ...s.variableValues }, models: [s.model, ...s.extraModels] });
        }
        if (!s.run) return startRun(typed);
        const text = typed.trim();
        if (!text) return false;
        const user = message(s.run.id, s.leafId, 'user', text);
        const runId = s.run.id;
        return submit(user, () => autoSave.saveSubmission(runId, user));
      },
      async replyToLeaf() {
        const s = get();
        const leaf = s.messages.find((m) => m.id === s.leafId);
        if (s.streamingId || !s.run || leaf?.role !== 'user') return;
        await reply(leaf);
      },
      async regenerate(assistantId) {
        const s = get();
        const target = s.messages.find((m) => m.id === assistantId);
        const user = target && s.messages.find((m) => m.id === target.parentId);
        if (s.streamingId || !user) return;
        await reply(user);
      },
      async continueReply(assistantId) {
        const s = get();
        const partial = s.messages.find((m) => m.id === assistantId);
        const user = partial && s.messages.find((m) => m.id === partial.parentId);
        if (s.streamingId || !user || partial.status !== 'interrupted' || !partial.content) return;
        await reply(user, partial);
      },
      async editAndResend(userId, text) {
        const s = get();
        const original = s.messages.find((m) => m.id === userId);
        if (s.streamingId || !s.run || !original || !text.trim()) return false;
        const user = message(s.run.id, original.parentId, 'user', text.trim());
        const runId = s.run.id;
        return submit(user, () => autoSave.saveSubmission(runId, user));
      },
      stop: () => controller?.abort(),
      switchVersion(messageId, step) {
        const s = get();
        const target = s.messages.find((m) => m.id === messageId);
        if (!target || !s.run || s.streamingId) return;
        const versions = siblingsOf(s.messages, target);
        const next = versions[versions.indexOf(target) + step];
        if (!next) return;
        const leafId = deepestLeaf(s.messages, next.id);
        set({ leafId });
        // A viewer turns versions on screen only: which one the run shows is for those who may change it.
        if (s.run.shared?.role !== 'viewer') void autoSave.setLeaf(s.run.id, leafId);
      },
      async rename(name) {
        const s = get();
        if (!s.run) return { ok: false, error: new AppError('not_found', 'Send a message first: the run is created then.') };
        const result = await autoSave.rename(s.run.id, name);
        if (result.ok) set({ run: result.value });
        return result;
      },
      applyStored(stored, storedMessages) {
        const next = withStored(get(), stored, storedMessages);
        if (next) set(next);
      },
      dispose() {
        // Leaving mid-reply keeps the partial text: the abort ends the stream as 'interrupted' and it is saved.
        controller?.abort();
        autoSave.dispose();
      },
    };
  });
  return store;
}
