// Test kit for runs shared between people: a signed-in account with a members API the test scripts, and
// runs seeded into the device database as sync stores them (someone else's run, with `shared`).
import { vi } from 'vitest';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { PromptRunsDB } from '@sync/db';
import { err, ok, type Message, type Run, type RunSharing } from '@sync/model';
import type { MembersApi } from '@sync/share/members-api';
import { AccountProvider, createLocalOnlyController } from '@/lib/account/account-context';
import { routes } from '@/app/routes';
import { FakeSyncServer } from '@sync/engine/fake-server';
import { createFakeTransport } from '@sync/engine/fake-transport';
import { manualEnvironment } from '@sync/engine/environment';
import { seededRandom } from '@sync/engine/random';
import { createSyncEngine } from '@sync/engine/sync-engine';

export const ME = { id: 'user-me', email: 'bo@example.test' };
export const OWNER = { id: 'user-owner', email: 'ada@example.test' };
export const OTHER = { id: 'user-other', email: 'cy@example.test' };

/** Every call answers "done" unless the test says otherwise (vi.fn: check calls, or mockResolvedValue). */
export function fakeMembersApi(): { [K in keyof MembersApi]: ReturnType<typeof vi.fn> } & MembersApi {
  const unused = () => Promise.reject(new Error('not scripted'));
  return {
    invite: vi.fn(unused),
    people: vi.fn(async () => ok({ myRole: 'owner' as const, owner: OWNER.email, members: [], invitations: [] })),
    setRole: vi.fn(unused),
    remove: vi.fn(async () => ok(true)),
    withdraw: vi.fn(unused),
    invitations: vi.fn(async () => ok([])),
    answer: vi.fn(unused),
    sharedRuns: vi.fn(async () => ok([])),
    run: vi.fn(async () => err({ reason: 'refused' as const, message: 'not_found: no such run' })),
  } as never;
}

/** A controller showing `ME` signed in (no engine: nothing syncs), with `members` as its members API. */
export async function signedInController(db: PromptRunsDB, members: MembersApi | null) {
  const controller = createLocalOnlyController(db);
  await controller.start();
  controller.store.setState({ phase: 'signed-in', user: ME, members, notice: null });
  return controller;
}

/** The app at `path` with `ME` signed in and `members` as the members API (and `engine`'s sync, if given); returns the router. */
export async function renderSignedIn(db: PromptRunsDB, path: string, members: MembersApi | null = fakeMembersApi(), onSync?: () => void) {
  const controller = await signedInController(db, members);
  if (onSync) {
    // A sync engine over the fake server, its syncNow reported to the test.
    const server = new FakeSyncServer({ userId: ME.id, now: () => Date.now() });
    const engine = createSyncEngine({ db, transport: createFakeTransport(server, seededRandom(3)), environment: manualEnvironment(true), watchDatabase: false });
    controller.store.setState({ engine: { ...engine, syncNow: () => (onSync(), engine.syncNow()) } });
  }
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AccountProvider controller={controller}>
      <RouterProvider router={router} />
    </AccountProvider>,
  );
  return router;
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 10, minute)).toISOString();

export function sharing(role: RunSharing['role'], people = [OTHER]): RunSharing {
  return {
    role,
    owner_email: OWNER.email,
    prompt_name: 'Trip planner',
    people: [
      { user_id: OWNER.id, email: OWNER.email, role: 'owner' },
      { user_id: ME.id, email: ME.email, role },
      ...people.map((p) => ({ user_id: p.id, email: p.email, role: 'editor' as const })),
    ],
  };
}

/**
 * A run of four messages as sync stores it: the owner asked and got a reply, then I asked and got one.
 * `shared` null: one of mine (with the owner's turn written by OTHER instead).
 */
export async function seedRun(db: PromptRunsDB, shared: RunSharing | null, { name = 'Lisbon weekend', promptId = 'owners-prompt' } = {}): Promise<Run> {
  const id = crypto.randomUUID();
  const them = shared ? OWNER.id : OTHER.id;
  const messages: Message[] = [
    { id: `${id}-1`, runId: id, parentId: null, role: 'user', content: 'Plan two days in Lisbon.', status: 'done', createdAt: at(1), authorId: them },
    { id: `${id}-2`, runId: id, parentId: `${id}-1`, role: 'assistant', content: 'Day one: Alfama.', status: 'done', createdAt: at(2), authorId: them },
    { id: `${id}-3`, runId: id, parentId: `${id}-2`, role: 'user', content: 'Add a rainy-day plan.', status: 'done', createdAt: at(3), authorId: ME.id },
    { id: `${id}-4`, runId: id, parentId: `${id}-3`, role: 'assistant', content: 'Museums: MAAT.', status: 'done', createdAt: at(4), authorId: ME.id },
  ];
  const run: Run = {
    id, prompt_id: promptId, user_id: shared ? OWNER.id : ME.id, name, description: '', variable_values: {},
    settings: { provider: 'echo', model_id: 'echo' }, status: 'active', message_count: 4, visible_message_count: 4,
    is_starred: false, is_pinned: false, created_at: at(0), updated_at: at(4), last_message_at: at(4),
    current_leaf_id: `${id}-4`, last_message_preview: 'Museums: MAAT.', field_updated_at: {},
    ...(shared ? { shared } : {}),
  };
  await db.transaction('rw', db.runs, db.messages, async () => {
    await db.runs.put(run);
    await db.messages.bulkPut(messages);
  });
  return run;
}
