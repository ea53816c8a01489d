// Who wrote each message, in runs more than one person writes in: "You", or the person's e-mail. A member
// reads the people from the run (they sync with it); its owner, once someone else wrote in it, asks the
// server who the run is shared with (when online), and otherwise names them "Another member".
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
  const api = useAccount((s) => s.members);
  const run = useStore(store, (s) => s.run);
  const runId = run?.id ?? null;
  const mine = run !== null && !run.shared;
  // In my own run, its owner's id is mine too (a device signed out since, or whose account is still loading,
  // has no user id, but what it pulled of its own runs carries it as the author).
  const myId = mine ? (run.user_id ?? me) : me;
  // The owner's run: the people it is shared with (null: not asked yet, or shared with nobody).
  const [asked, setAsked] = useState<{ runId: string; people: Map<string, string> | null } | null>(null);
  const known = asked && asked.runId === runId ? asked.people : null;
  // Authors of the run other than me that the owner cannot name yet (a text key: stable while unchanged).
  const unknown = useStore(store, (s) => {
    const ids = new Set<string>();
    for (const m of s.messages) if (m.authorId && m.authorId !== me && m.authorId !== myId && !known?.has(m.authorId)) ids.add(m.authorId);
    return [...ids].sort().join(' ');
  });
  // Asked only when someone else wrote in it (a run I alone write in needs no names), and again when
  // someone it cannot name writes (invited since it was asked).
  useEffect(() => {
    if (!mine || !runId || !api || unknown === '') return;
    let live = true;
    void api.people(runId).then((result) => {
      if (!live || !result.ok || result.value.members.length === 0) return;
      setAsked({ runId, people: new Map(result.value.members.map((m) => [m.userId, m.email])) });
    });
    return () => {
      live = false;
    };
  }, [api, mine, runId, unknown]);

  const shared = run?.shared;
  return useMemo(() => {
    const people = shared ? new Map(shared.people.map((p) => [p.user_id, p.email])) : known;
    if (!people && unknown === '') return NO_AUTHORS;
    return (message) => {
      if (message.role === 'system') return null;
      // Not yet synced, a message has no author from the server: it was written here.
      if (!message.authorId || message.authorId === me || message.authorId === myId) return YOU;
      return people?.get(message.authorId) || SOMEONE;
    };
  }, [shared, known, unknown, me, myId]);
}
