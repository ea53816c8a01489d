// A new share link of a run, made on the device: its secret token, and what a snapshot shows (the path
// the owner is looking at, up to its last finished message: a reply still streaming is not synced).
import { newId } from '../clock';
import type { Message, Run } from '../model';
import { activePath } from '../tree';
import type { ShareLink, ShareMode } from './share-link';
import { newShareToken } from './share-token';

export interface NewShareLinkInput {
  run: Pick<Run, 'id' | 'name' | 'current_leaf_id'>;
  messages: readonly Message[];
  promptName: string;
  modelName: string;
  mode: ShareMode;
  /** Days until the link stops working; null: never. */
  expiresInDays: number | null;
  hiddenVariables: readonly string[];
  now?: Date;
}

export function newShareLink(input: NewShareLinkInput): ShareLink {
  const now = input.now ?? new Date();
  const path = activePath(input.messages, input.run.current_leaf_id);
  const leaf = path.filter((m) => m.status !== 'streaming').at(-1) ?? null;
  return {
    id: newId(),
    runId: input.run.id,
    token: newShareToken(),
    mode: input.mode,
    leafId: leaf?.id ?? null,
    runName: input.run.name,
    promptName: input.promptName,
    modelName: input.modelName,
    hiddenVariables: [...new Set(input.hiddenVariables)],
    createdAt: now.toISOString(),
    expiresAt: input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    revokedAt: null,
    state: 'pending',
  };
}
