// Replies streaming between two screens of one user: the sender's frames (a few a second, then the
// last), the receiver's live copy (shown after the branch it continues, gone once the synced copy is
// here or the sender went quiet), and frames that are not ours to read.
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Message, Run } from '@sync/model';
import { parseReplyFrame, replyFrame, type ReplyFrame, type ReplyStreams } from '@sync/live/reply-frame';
import { followLiveReplies, KEEP_FINISHED_MS, SEND_EVERY_MS, STALE_MS, type LiveReplyTimers } from './live-replies';
import { withRemote } from './remote-path';
import type { RunnerStore } from './runner-store';

const T = '2026-12-05T10:00:00.000Z';
const run = { id: 'run-1' } as Run;
const msg = (id: string, parentId: string | null, role: Message['role'], content: string, status: Message['status'] = 'done'): Message =>
  ({ id, runId: 'run-1', parentId, role, content, status, createdAt: T });

/** Timers the test moves by hand. */
function manualTimers() {
  let now = 0;
  const queue: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  const timers: LiveReplyTimers = {
    setTimeout: (fn, ms) => (queue.push({ at: now + ms, fn, id: ++ids }), ids),
    clearTimeout: (id) => {
      const i = queue.findIndex((t) => t.id === id);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = queue.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      queue.splice(queue.indexOf(due), 1);
      due.fn();
    }
  };
  return { timers, advance };
}

/** One fake channel per run: what each screen sent, and a way to deliver to it. */
function fakeStreams() {
  const sent: ReplyFrame[] = [];
  let deliver: ((frame: ReplyFrame) => void) | null = null;
  const joined: string[] = [];
  const streams: ReplyStreams = {
    join(runId, onFrame) {
      joined.push(runId);
      deliver = onFrame;
      return { send: (frame) => void sent.push(frame), close: () => void (deliver = null) };
    },
  };
  return { streams, sent, joined, deliver: (frame: ReplyFrame) => deliver?.(frame) };
}

function runnerStore(messages: Message[]) {
  return createStore(() => ({ run, messages, leafId: messages.at(-1)?.id ?? null, streamingId: null as string | null })) as unknown as RunnerStore;
}

describe('the screen that streams a reply', () => {
  it('sends the text so far at most every 200 ms, then the finished reply at once', () => {
    const { timers, advance } = manualTimers();
    const { streams, sent, joined } = fakeStreams();
    const question = msg('q', null, 'user', 'Hi');
    const store = runnerStore([question]);
    const live = followLiveReplies(store, streams, timers);
    expect(joined).toEqual(['run-1']);

    const reply = msg('a', 'q', 'assistant', 'He', 'streaming');
    store.setState({ messages: [question, reply], streamingId: 'a' });
    for (const text of ['Hel', 'Hell', 'Hello']) store.setState({ messages: [question, { ...reply, content: text }] });
    expect(sent).toEqual([]);
    advance(SEND_EVERY_MS);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ v: 1, reply: { id: 'a', content: 'Hello', status: 'streaming' }, parent: { id: 'q', content: 'Hi', role: 'user' } });

    store.setState({ messages: [question, { ...reply, content: 'Hello there', status: 'done' }], streamingId: null });
    expect(sent.at(-1)).toMatchObject({ reply: { content: 'Hello there', status: 'done' } });
    advance(10_000);
    expect(sent).toHaveLength(2);
    live.stop();
  });
});

describe('the other screen', () => {
  const question = msg('q', 'a0', 'user', 'Next?');
  const frame = (content: string, status: Message['status'] = 'streaming') => replyFrame(msg('a', 'q', 'assistant', content, status), question);

  it('shows the reply, with the question it answers, until the synced copy arrives', () => {
    const { timers } = manualTimers();
    const { streams, deliver } = fakeStreams();
    const earlier = msg('a0', null, 'assistant', 'Earlier');
    const store = runnerStore([earlier]);
    const live = followLiveReplies(store, streams, timers);
    deliver(frame('Once upon'));
    expect(live.remote.getState().messages.map((m) => [m.id, m.content, m.status])).toEqual([['q', 'Next?', 'done'], ['a', 'Once upon', 'streaming']]);
    expect(live.remote.getState().messages.every((m) => m.metadata?.['liveElsewhere'] === true)).toBe(true);

    const shown = withRemote(store.getState().messages, 'a0', live.remote.getState().messages);
    expect(shown.leafId).toBe('a');
    expect(shown.messages.map((m) => m.id)).toEqual(['a0', 'q', 'a']);

    store.setState({ messages: [earlier, question, msg('a', 'q', 'assistant', 'Once upon a time')] });
    expect(live.remote.getState().messages).toEqual([]);
    live.stop();
  });

  it('drops a reply whose screen went quiet, and keeps a finished one a while longer for its synced copy', () => {
    const { timers, advance } = manualTimers();
    const { streams, deliver } = fakeStreams();
    const store = runnerStore([msg('a0', null, 'assistant', 'Earlier')]);
    const live = followLiveReplies(store, streams, timers);
    deliver(frame('Once'));
    advance(STALE_MS - 1);
    expect(live.remote.getState().messages).toHaveLength(2);
    advance(1);
    expect(live.remote.getState().messages).toEqual([]);

    deliver(frame('Once upon a time', 'done'));
    advance(STALE_MS);
    expect(live.remote.getState().messages).toHaveLength(2);
    advance(KEEP_FINISHED_MS - STALE_MS);
    expect(live.remote.getState().messages).toEqual([]);
    live.stop();
  });

  it('ignores frames while it streams a reply itself, and a reply that is already here', () => {
    const { timers } = manualTimers();
    const { streams, deliver } = fakeStreams();
    const store = runnerStore([msg('a0', null, 'assistant', 'Earlier'), question, msg('a', 'q', 'assistant', 'Synced')]);
    const live = followLiveReplies(store, streams, timers);
    deliver(frame('Stale partial'));
    expect(live.remote.getState().messages).toEqual([]);
    store.setState({ streamingId: 'mine' });
    deliver(replyFrame(msg('b', 'q', 'assistant', 'Other'), question));
    expect(live.remote.getState().messages).toEqual([]);
    live.stop();
  });

  it('leaves the screen on its own branch when the reply continues another one', () => {
    const elsewhere = [msg('q', 'x', 'user', 'On another branch'), msg('a', 'q', 'assistant', 'Partial', 'streaming')];
    const mine = [msg('a0', null, 'assistant', 'Mine')];
    expect(withRemote(mine, 'a0', elsewhere)).toEqual({ messages: mine, leafId: 'a0' });
  });
});

describe('frames from the channel', () => {
  it('are read only when they fit version 1', () => {
    const good = replyFrame(msg('a', 'q', 'assistant', 'Hi', 'streaming'), null);
    expect(parseReplyFrame(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(parseReplyFrame({ ...good, v: 2 })).toBeNull();
    expect(parseReplyFrame({ ...good, reply: { ...good.reply, content: 5 } })).toBeNull();
    expect(parseReplyFrame('<script>')).toBeNull();
  });

  it('carry at most the newest 100,000 characters of a very long reply', () => {
    const long = 'x'.repeat(150_000) + 'END';
    const frame = replyFrame(msg('a', 'q', 'assistant', long, 'streaming'), null);
    expect(frame.reply.content.startsWith('…')).toBe(true);
    expect(frame.reply.content.endsWith('END')).toBe(true);
    expect(frame.reply.content.length).toBe(100_001);
    expect(parseReplyFrame(frame)).not.toBeNull();
  });
});
