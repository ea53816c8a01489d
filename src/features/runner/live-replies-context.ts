// The messages another screen is streaming into the open run (live-replies.ts), for the conversation.
import { createContext } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Message } from '@sync/model';

export type RemoteMessages = StoreApi<{ messages: Message[] }>;

/** None: no Realtime, or signed out. */
export const NO_REMOTE: RemoteMessages = createStore<{ messages: Message[] }>()(() => ({ messages: [] }));

export const LiveRepliesContext = createContext<RemoteMessages>(NO_REMOTE);
