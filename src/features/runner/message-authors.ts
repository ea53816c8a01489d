// Who wrote each message, in runs more than one person writes in: "You", or the person's e-mail. A member
// reads the people from the run (they sync with it); its owner asks the server who the run is shared
// with (when online), and otherwise names those it does not know "Another member".
import { createContext, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Message } from '@sync/model';
import { useAccount } from '@/lib/account/account-context';
import type { RunnerStore } from './runner-store';

/** The author's name to show above a message, or null where authors are not shown (runs of one person). */
export type AuthorOf = (message: Message) => string | null;

export const NO_AUTHORS: AuthorOf = () => null;
export const MessageAuthorsContext = createContext<AuthorOf>(NO_AUTHORS);

export const YOU = 'You';
const SOMEONE = 'Another member';

export function useMessageAuthors(store: RunnerStore): AuthorOf {
  const me = useAccount((s) => s.user?.id ?? null);
  const run = useStore(store, (s) => s.run);
  // Someone else wrote in the run: it is shared, even when the server cannot be asked who with.
  const othersWrote = useStore(store, (s) => s.messages.some((m) => m.authorId !== undefined && m.authorId !== me));
  const api = useAccount((s) => s.members);
  const runId = run?.id ?? null;
  const mine = run !== null && !run.shared;
  // The owner's run: the people it is shared with, once per run (null: unknown, or shared with nobody).
  const [asked, setAsked] = useState<{ runId: string; people: Map<string, string> | null } | null>(null);
  useEffect(() => {
    if (!mine || !runId || !api) return;
    let live = true;
    void api.people(runId).then((result) => {
      if (!live || !result.ok || result.value.members.length === 0) return;
      setAsked({ runId, people: new Map(result.value.members.map((m) => [m.userId, m.email])) });
    });
    return () => {
      live = false;
    };
  }, [api, mine, runId]);

  const shared = run?.shared;
  const fromServer = asked && asked.runId === runId ? asked.people : null;
  return useMemo(() => {
    const people = shared ? new Map(shared.people.map((p) => [p.user_id, p.email])) : fromServer;
    if (!people && !othersWrote) return NO_AUTHORS;
    return (message) => {
      if (message.role === 'system') return null;
      // Not yet synced, a message has no author from the server: it was written here.
      if (!message.authorId || message.authorId === me) return YOU;
      return people?.get(message.authorId) || SOMEONE;
    };
  }, [shared, fromServer, othersWrote, me]);
}
