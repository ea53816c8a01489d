// Replies streaming live between the user's screens. While this screen streams a reply, it sends the
// text so far on the run's channel a few times a second (and once more when it ends); while another
// screen streams one, this screen shows it, with the message it answers if that has not synced yet,
// until the finished reply arrives by sync. What arrives is shown, never stored (the sync stores it).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Message } from '@sync/model';
import { replyFrame, type ReplyFrame, type ReplyStreamChannel, type ReplyStreams } from '@sync/live/reply-frame';
import type { RunnerStore } from './runner-store';

/** Frames a second at most while streaming (each carries the whole text so far). */
export const SEND_EVERY_MS = 200;
/** A reply from another screen with no news for this long is dropped (that screen went away). */
export const STALE_MS = 20_000;
/** A finished reply from another screen stays this long at most while its synced copy is on its way. */
export const KEEP_FINISHED_MS = 60_000;

export interface LiveReplies {
  /** Messages from another screen to show: the reply, after the message it answers when that is not here yet. */
  remote: StoreApi<{ messages: Message[] }>;
  stop(): void;
}

export interface LiveReplyTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: LiveReplyTimers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

export function followLiveReplies(store: RunnerStore, streams: ReplyStreams, timers: LiveReplyTimers = realTimers): LiveReplies {
  const remote = createStore<{ messages: Message[] }>()(() => ({ messages: [] }));
  let channel: ReplyStreamChannel | null = null;
  let runId: string | null = null;
  let streamingId: string | null = null;
  let sendTimer: unknown = null;
  let dropTimer: unknown = null;

  const clearRemote = () => {
    if (dropTimer !== null) timers.clearTimeout(dropTimer);
    dropTimer = null;
    if (remote.getState().messages.length > 0) remote.setState({ messages: [] });
  };

  function receive(frame: ReplyFrame): void {
    const s = store.getState();
    if (s.streamingId || !s.run || s.messages.some((m) => m.id === frame.reply.id)) return;
    const live = { liveElsewhere: true };
    const reply: Message = {
      id: frame.reply.id, runId: s.run.id, parentId: frame.reply.parentId, role: 'assistant', content: frame.reply.content,
      status: frame.reply.status, createdAt: frame.reply.createdAt,
      metadata: { ...live, ...(frame.reply.modelName ? { modelName: frame.reply.modelName } : {}) },
    };
    const parent = frame.parent && !s.messages.some((m) => m.id === frame.parent?.id)
      ? [{ ...frame.parent, runId: s.run.id, status: 'done' as const, metadata: live }]
      : [];
    remote.setState({ messages: [...parent, reply] });
    if (dropTimer !== null) timers.clearTimeout(dropTimer);
    dropTimer = timers.setTimeout(clearRemote, reply.status === 'streaming' ? STALE_MS : KEEP_FINISHED_MS);
  }

  function send(): void {
    sendTimer = null;
    const s = store.getState();
    const reply = s.messages.find((m) => m.id === streamingId);
    if (!channel || !reply) return;
    channel.send(replyFrame(reply, s.messages.find((m) => m.id === reply.parentId) ?? null));
  }

  const onChange = (s: ReturnType<RunnerStore['getState']>) => {
    if ((s.run?.id ?? null) !== runId) {
      channel?.close();
      clearRemote();
      runId = s.run?.id ?? null;
      channel = runId ? streams.join(runId, receive) : null;
    }
    // The synced copy has arrived: it takes the place of the live one.
    const shown = remote.getState().messages.at(-1);
    if (shown && s.messages.some((m) => m.id === shown.id)) clearRemote();
    if (s.streamingId) {
      if (s.streamingId !== streamingId) clearRemote();
      streamingId = s.streamingId;
      sendTimer ??= timers.setTimeout(send, SEND_EVERY_MS);
    } else if (streamingId) {
      // Ended: the last frame says how (done, stopped, failed), so other screens stop showing "Writing…".
      if (sendTimer !== null) timers.clearTimeout(sendTimer);
      send();
      streamingId = null;
    }
  };
  onChange(store.getState());
  const unsubscribe = store.subscribe(onChange);

  return {
    remote,
    stop() {
      unsubscribe();
      if (sendTimer !== null) timers.clearTimeout(sendTimer);
      if (dropTimer !== null) timers.clearTimeout(dropTimer);
      channel?.close();
      channel = null;
    },
  };
}
