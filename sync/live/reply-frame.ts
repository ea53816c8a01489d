// A reply streaming on one screen, as the user's other screens see it live: a Realtime Broadcast on the
// run's private channel (topic 'run-stream:<run id>', authorised by RLS), sent a few times a second while
// the reply streams. Ephemeral: never stored; the finished reply arrives by sync as always. Wire version 1.
import * as c from '../checks';
import type { Message } from '../model';

/** Partial text beyond this is cut from the front (the screen shows the newest text). */
export const MAX_FRAME_TEXT = 100_000;
/** The Broadcast event name on the run's channel. */
export const REPLY_EVENT = 'reply';

export const replyTopic = (runId: string) => `run-stream:${runId}`;

export interface ReplyFrame {
  v: 1;
  /** The reply so far (status 'streaming' until the last frame). */
  reply: Pick<Message, 'id' | 'parentId' | 'content' | 'createdAt' | 'status'> & { modelName?: string };
  /** The message it answers, so a screen that has not synced it yet shows it too. */
  parent: Pick<Message, 'id' | 'parentId' | 'role' | 'content' | 'createdAt'> | null;
}

const text = (v: string) => (v.length > MAX_FRAME_TEXT ? `…${v.slice(v.length - MAX_FRAME_TEXT)}` : v);

/** The frame for a reply and the message it answers. */
export function replyFrame(reply: Message, parent: Message | null): ReplyFrame {
  const modelName = typeof reply.metadata?.modelName === 'string' ? reply.metadata.modelName : undefined;
  return {
    v: 1,
    reply: { id: reply.id, parentId: reply.parentId, content: text(reply.content), createdAt: reply.createdAt, status: reply.status, ...(modelName ? { modelName } : {}) },
    parent: parent && { id: parent.id, parentId: parent.parentId, role: parent.role, content: text(parent.content), createdAt: parent.createdAt },
  };
}

const frameSchema = c.object({
  v: ((v: unknown, path: string) => {
    if (v !== 1) throw new c.CheckIssue(path, 'unsupported frame version');
    return 1 as const;
  }) satisfies c.Check<1>,
  reply: c.object({
    id: c.string(1),
    parentId: c.nullable(c.string(1)),
    content: c.string(),
    createdAt: c.isoDate,
    status: c.oneOf(['streaming', 'done', 'error', 'interrupted']),
    modelName: c.optional(c.string()),
  }),
  parent: c.nullable(c.object({ id: c.string(1), parentId: c.nullable(c.string(1)), role: c.oneOf(['system', 'user', 'assistant']), content: c.string(), createdAt: c.isoDate })),
});

/** A frame as received (from another device: checked), or null when it is not one this version reads. */
export function parseReplyFrame(raw: unknown): ReplyFrame | null {
  try {
    const frame = frameSchema(raw, '') as ReplyFrame;
    return frame.reply.content.length <= MAX_FRAME_TEXT + 1 && (frame.parent?.content.length ?? 0) <= MAX_FRAME_TEXT + 1 ? frame : null;
  } catch (error) {
    if (error instanceof c.CheckIssue) return null;
    throw error;
  }
}

/** The live channel of one run (joined while the run is open). */
export interface ReplyStreamChannel {
  /** Sent only while joined; dropped otherwise (the next frame carries the whole text again). */
  send(frame: ReplyFrame): void;
  close(): void;
}

/** Where the project has Realtime: join a run's live channel. */
export interface ReplyStreams {
  join(runId: string, onFrame: (frame: ReplyFrame) => void): ReplyStreamChannel;
}
