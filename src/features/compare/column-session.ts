// What the compare view needs of a conversation it shows and continues: the run's state as it streams,
// and send / reply / stop. The app supplies the implementation (the runner's session, src/app), so this
// feature never reaches into the runner's internals.
import { createContext, useContext } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { PromptRunsDB } from '@sync/db';
import type { Message, Run } from '@sync/model';

export interface ColumnState {
  run: Run | null;
  messages: Message[];
  leafId: string | null;
  streamingId: string | null;
  notice: string | null;
}

/** The read side of a zustand store (what useStore needs). */
export type ReadonlyStore<T> = Pick<StoreApi<T>, 'getState' | 'getInitialState' | 'subscribe'>;

export interface ColumnSession {
  store: ReadonlyStore<ColumnState>;
  /** Stores the message and streams the reply; resolves once the message is stored (true) or refused. */
  send(text: string): Promise<boolean>;
  /** Answers the user message at the leaf when it has no reply yet. */
  replyToLeaf(): Promise<void>;
  stop(): void;
  dispose(): void;
}

export type OpenColumnSession = (db: PromptRunsDB, loaded: { run: Run; messages: Message[] }) => Promise<ColumnSession>;

const ColumnSessionContext = createContext<OpenColumnSession | null>(null);
export const ColumnSessionProvider = ColumnSessionContext.Provider;

export function useOpenColumnSession(): OpenColumnSession {
  const open = useContext(ColumnSessionContext);
  if (!open) throw new Error('The compare view needs a ColumnSessionProvider (src/app/compare-route.tsx)');
  return open;
}
