// Shared runs in SQL tests: a world of users, an owner's run with messages, invitations answered through
// the RPCs as the app calls them, and pulls that follow has_more to the end.
import { expect } from 'vitest';
import { message, newPrompt, newRun, uuid, type TestDb } from './test-db';
import type { PullResponse } from '../../../sync/protocol';

export const P3 = 3;
export type Row = Record<string, unknown>;

export interface Shared {
  prompt: string;
  run: string;
  messages: string[];
}

/** From a device of its own, an owner's prompt "Planner" and run "Trip plan" with two messages (question, answer), pushed. */
export async function ownerRun(db: TestDb, owner: string, name = 'Trip plan'): Promise<Shared> {
  const prompt = uuid();
  const run = uuid();
  const q = uuid();
  const a = uuid();
  const res = await db.push(owner, uuid(), [
    newPrompt(1, prompt, { name: 'Planner' }),
    { ...newRun(2, run, prompt, { name }), append_messages: [message(q, null, 'Where to go?'), { ...message(a, q, 'Lisbon.'), role: 'assistant' }] },
  ], P3);
  expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  return { prompt, run, messages: [q, a] };
}

const one = async (db: TestDb, who: string, sql: string, params: unknown[]): Promise<Row> =>
  ((await db.as<{ r: Row }>(who, sql, params))[0]!.r);

/** The owner invites `email` and `member` accepts: a membership of `run` with `role`. */
export async function share(db: TestDb, owner: string, run: string, member: string, email: string, role: 'viewer' | 'editor'): Promise<void> {
  const inv = await one(db, owner, 'select public.invite_to_run($1, $2, $3, $4) as r', [uuid(), run, email, role]);
  await one(db, member, 'select public.answer_run_invitation($1, true) as r', [inv['id']]);
}

export const removeMember = (db: TestDb, who: string, run: string, member: string) =>
  one(db, who, 'select public.remove_run_member($1, $2) as r', [run, member]);

export interface Pulled {
  cursor: string;
  pages: PullResponse[];
  runs: Row[];
  messages: Row[];
  removed: Row[];
  all(key: string): Row[];
}

/** Pulls from `since` until has_more is false (at protocol 3 unless told). */
export async function pullAll(db: TestDb, user: string, since: string | null, pageSize = 500, protocol = P3): Promise<Pulled> {
  const pages: PullResponse[] = [];
  let cursor = since;
  for (let i = 0; i < 200; i += 1) {
    const page = await db.pull(user, cursor, pageSize, protocol);
    pages.push(page);
    cursor = page.cursor;
    if (!page.has_more) break;
  }
  const all = (k: string) => pages.flatMap((p) => (p as unknown as Record<string, Row[] | undefined>)[k] ?? []);
  return { cursor: cursor!, pages, runs: all('runs'), messages: all('messages'), removed: all('removed_runs'), all };
}
