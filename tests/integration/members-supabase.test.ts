// Shared runs live, end to end: the real engine on two accounts' devices, through supabase-js and the
// local stand-in's SQL and Realtime, with no timer poll. The member's device hears of the owner's new
// message (a shared run's notice) and holds it within seconds, with its author; the member's star stays
// theirs; and the owner removing them takes the run off their device within seconds (a removal's notice).
import { describe, expect, it } from 'vitest';
import { newId, nowIso } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { createRun, getRun, starRun, updateRun } from '@sync/store/runs';
import type { Message } from '@sync/model';
import { watchSyncNotices } from '../../src/lib/supabase/remote-changes';
import { standInDevices, type Device } from '../support/stand-in-devices';

const stand = standInDevices({ rateLimits: { signInSignUps: 0, tokenRefresh: 0 } });
// Only the Realtime hint makes a started engine pull.
const device = (email: string) => stand.device(email, { pollIntervalMs: 600_000 });

async function rpc(d: Device, fn: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { data, error } = await d.sb.rpc(fn, args);
  expect(error).toBeNull();
  return data as Record<string, unknown>;
}

async function share(owner: Device, member: Device, runId: string, email: string, role: 'viewer' | 'editor'): Promise<void> {
  const inv = await rpc(owner, 'invite_to_run', { invitation_id: newId(), run_id: runId, email, role });
  await rpc(member, 'answer_run_invitation', { invitation_id: inv['id'], accept: true });
}

const msg = (runId: string, role: Message['role'], content: string, parentId: string | null): Message => ({
  id: newId(), runId, parentId, role, content, status: 'done', createdAt: nowIso(),
});

async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

describe('shared runs between accounts, live through the stand-in', () => {
  it("the member's device holds the owner's next message at once, keeps its own star, and loses the run at once when removed", async () => {
    const tag = newId().slice(0, 8);
    const ada = await device(`ada-${tag}@example.test`);
    const sam = await device(`sam-${tag}@example.test`);
    const prompt = await createPrompt(ada.db, { name: 'Planner', user_template: 'Plan {{x}}' });
    if (!prompt.ok) throw prompt.error;
    const q = msg('x', 'user', 'Where to sleep in Lyon?', null);
    const run = await createRun(ada.db, prompt.value.id, { name: 'Lyon', variable_values: { x: 'Lyon' }, settings: prompt.value.settings, messages: [q, msg('x', 'assistant', 'Near Perrache', q.id)] });
    if (!run.ok) throw run.error;
    const runId = run.value.id;
    expect(await ada.engine.syncNow()).toMatchObject({ ok: true });

    sam.engine.start();
    const stop = watchSyncNotices(sam.sb, sam.userId, () => sam.engine.notifyRemoteChange());
    try {
      await new Promise((r) => setTimeout(r, 1_000)); // joined, and the start-up pull done
      // Accepting the invitation notifies the member's devices: the run arrives without a poll.
      await share(ada, sam, runId, `sam-${tag}@example.test`, 'editor');
      await within(3_000, async () => (await getRun(sam.db, runId)) !== null);
      const there = (await getRun(sam.db, runId))!;
      expect(there.run).toMatchObject({ user_id: ada.userId, shared: { role: 'editor', owner_email: `ada-${tag}@example.test` } });

      const next = msg(runId, 'user', 'And for two nights?', there.run.current_leaf_id);
      expect((await updateRun(ada.db, runId, { append: [next], current_leaf_id: next.id })).ok).toBe(true);
      expect(await ada.engine.syncNow()).toMatchObject({ ok: true });
      expect(await within(3_000, async () => !!(await getRun(sam.db, runId))?.messages.some((m) => m.id === next.id))).toBeLessThan(3_000);
      expect((await getRun(sam.db, runId))!.messages.find((m) => m.id === next.id)?.authorId).toBe(ada.userId);

      expect((await starRun(sam.db, runId, true)).ok).toBe(true);
      expect(await sam.engine.syncNow()).toMatchObject({ ok: true });
      expect(await ada.engine.syncNow()).toMatchObject({ ok: true });
      expect((await getRun(ada.db, runId))!.run.is_starred).toBe(false);
      expect((await getRun(sam.db, runId))!.run.is_starred).toBe(true);

      await rpc(ada, 'remove_run_member', { run_id: runId, user_id: sam.userId });
      expect(await within(3_000, async () => (await getRun(sam.db, runId)) === null)).toBeLessThan(3_000);
    } finally {
      stop();
      sam.engine.stop();
      await sam.sb.removeAllChannels();
    }
  });
});
