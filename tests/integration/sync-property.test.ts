// Seeded property test of the whole sync path: several devices make random edits with the real data
// layer while they go offline and online and faults hit over 30% of requests; after healing, every
// device and the server hold the same data, no message is lost or duplicated, and per-field LWW holds.
// Each device has its own clock (on time, minutes fast, minutes slow; now and then one is set back).
// Tags are added and removed, folders made, nested, deleted and runs moved between them on every device.
// Runs are deleted forever while others restore and write in them (the text written on a device that had
// not heard of the purge must come back in a "Recovered" run), and two poison changes (one the server
// answers with 500, one with 400, whatever batch carries them) must end in the dead letters while
// everything else syncs; retried once "the server is fixed", they arrive too.
// Seeds: SYNC_SEEDS="1,2,3" (a list) or SYNC_SEEDS=50 (seeds 1..50). Default: seeds 1 and 2.
import { describe, expect, it } from 'vitest';
import { createPrompt, listPrompts, updatePrompt } from '@sync/store/prompts';
import { ensureExamplePrompts } from '@sync/store/example-prompts';
import {
  archiveRun, createRun, deleteRun, describeRun, getRun, renameRun, restoreRun, setCurrentLeaf, starRun, updateRun,
} from '@sync/store/runs';
import { purgeRun } from '@sync/store/run-library-actions';
import { deepestLeaf } from '@sync/tree';
import { newId } from '@sync/clock';
import { PROMPT_EDITABLE_FIELDS, RUN_EDITABLE_FIELDS, type Message, type Prompt, type Result, type Run } from '@sync/model';
import { canonicalJson, clockMs, compareFieldWrites } from '@sync/merge';
import { seededRandom, type RandomSource } from '@sync/engine/random';
import { ensureClientId } from '@sync/engine/sync-meta';
import { listRecoveredRuns } from '@sync/engine/recover-purged';
import { createTestWorld, type TestDevice, type TestWorld } from '@sync/engine/test-world';
import type { FaultRates } from '@sync/engine/fake-transport';
import type { FakeSyncServer } from '@sync/engine/fake-server';
import { addTagByName, deleteTag, listTags, setTagOn } from '@sync/store/tags';
import { createFolder, deleteFolder, moveRunsToFolder } from '@sync/store/folders';
import { effectiveFolderId, visibleTagIds } from '@sync/organize-merge';
import { messagesOfRun } from '../../sync/run-messages';

const DEVICES = 3;
const OPS_PER_DEVICE = 500;
const FAULTS: FaultRates = { drop: 0.08, lostResponse: 0.1, serverError: 0.08, timeout: 0.06, unauthorized: 0.04, rateLimit: 0.04 };
/** Each device's clock against the server's: on time, four minutes fast, seven minutes slow. */
const SKEWS_MS = [0, 4 * 60_000, -7 * 60_000];
/** Run names the server cannot take, whatever batch carries them (the stand-in's 500, a proxy's 400). */
const POISON = { crash: 'poison: the server crashes on this', refuse: 'poison: the server refuses this' };

function seedsFromEnv(): number[] {
  const raw = process.env.SYNC_SEEDS?.trim();
  if (!raw) return [1, 2];
  if (/^\d+$/.test(raw)) return Array.from({ length: Number(raw) }, (_, i) => i + 1);
  return raw.split(',').map((s) => Number(s.trim())).filter(Number.isFinite);
}

/** What the devices did, to check the outcome against. */
class Journal {
  /** Each device's last write of each field: it must reach the server (unless its run was purged). */
  readonly lastWrites = new Map<string, { device: string; table: 'runs' | 'prompts'; id: string; field: string; clock: string; value: unknown }>();
  /** Every message written: it must reach the server, unless its own device purged the run first. */
  readonly messages = new Map<string, { device: string; runId: string }>();
  readonly purgedHere = new Set<string>();
  /** Runs carrying a poison change: left alone, so no later edit or purge takes the poison away. */
  readonly poisoned = new Set<string>();

  record(device: string, table: 'runs' | 'prompts', row: Run | Prompt, fields: readonly string[]) {
    for (const field of fields) {
      const value = (row as unknown as Record<string, unknown>)[field];
      if (value === undefined) continue; // a field the row does not have (no source run) is not written
      this.lastWrites.set(`${device}:${table}:${row.id}:${field}`, { device, table, id: row.id, field, clock: row.field_updated_at[field]!, value });
    }
  }

  addMessages(device: string, runId: string, ids: string[]) {
    for (const id of ids) this.messages.set(id, { device, runId });
  }

  /** The device deleted this run forever: what it held there and never sent is gone on purpose. */
  purged(messageIds: readonly string[]) {
    for (const id of messageIds) this.purgedHere.add(id);
  }
}

function pick<T>(random: RandomSource, items: readonly T[]): T | undefined {
  return items.length ? items[Math.floor(random() * items.length)] : undefined;
}

function message(device: TestDevice, runId: string, role: Message['role'], parentId: string | null, random: RandomSource): Message {
  return { id: newId(), runId, parentId, role, content: `${role} ${Math.floor(random() * 1e6)}`, status: 'done', createdAt: device.clock.nowIso() };
}

/** Few names, so devices make the same tag offline (one id from its name) and tag the same runs. */
const TAG_NAMES = ['travel', 'work', 'ideas', 'later'];
const FOLDER_NAMES = ['Projects', 'Rome', 'Archive'];

/** Tags, folders and filing: concurrent adds, removes, moves and deletes on every device. */
async function organizeOperation(device: TestDevice, random: RandomSource, run: Run | undefined): Promise<void> {
  const { db } = device;
  const roll = random();
  const folders = (await db.folders.toArray()).filter((f) => f.status === 'active');
  if (roll < 0.35 && run) {
    await addTagByName(db, 'run', [run.id], pick(random, TAG_NAMES)!);
  } else if (roll < 0.55 && run) {
    const tag = pick(random, await listTags(db));
    if (tag) await setTagOn(db, 'run', [run.id], tag.id, false);
  } else if (roll < 0.65) {
    const parent = random() < 0.4 ? pick(random, folders.filter((f) => f.parent_id === null)) : undefined;
    await createFolder(db, `${pick(random, FOLDER_NAMES)!} ${Math.floor(random() * 5)}`, parent?.id ?? null);
  } else if (roll < 0.88 && run) {
    await moveRunsToFolder(db, [run.id], random() < 0.8 ? pick(random, folders)?.id ?? null : null);
  } else if (roll < 0.95) {
    const folder = pick(random, folders);
    if (folder) await deleteFolder(db, folder.id);
  } else {
    const tag = pick(random, await listTags(db));
    if (tag) await deleteTag(db, tag.id);
  }
}

async function randomOperation(device: TestDevice, random: RandomSource, journal: Journal): Promise<void> {
  const { db, name } = device;
  const gone = new Set((await db.purged.toCollection().primaryKeys()) as string[]);
  const runs = (await db.runs.toArray()).filter((r) => !gone.has(r.id) && !journal.poisoned.has(r.id));
  const run = pick(random, runs);
  if (random() < 0.15) return organizeOperation(device, random, run);
  const roll = random();
  // Only fields the operation really wrote (a leaf that did not move keeps its old clock and writer).
  const note = (result: Result<Run>, fields: readonly string[]) => {
    if (result.ok) journal.record(name, 'runs', result.value, fields.filter((f) => result.value.field_updated_at[f] !== run?.field_updated_at[f] || result.value.id !== run?.id));
  };
  if (roll < 0.04) {
    const made = await createPrompt(db, { name: `prompt ${Math.floor(random() * 1000)}`, user_template: 'Say {{x}}' });
    if (made.ok) journal.record(name, 'prompts', made.value, PROMPT_EDITABLE_FIELDS);
  } else if (roll < 0.06) {
    const prompt = pick(random, await listPrompts(db));
    const updated = prompt && (await updatePrompt(db, prompt.id, { name: `renamed prompt ${Math.floor(random() * 1000)}` }));
    if (updated && updated.ok) journal.record(name, 'prompts', updated.value, ['name']);
  } else if (roll < 0.17 || !run) {
    const prompt = pick(random, await listPrompts(db));
    if (!prompt) return;
    const first = [message(device, 'pending', 'user', null, random)];
    first.push(message(device, 'pending', 'assistant', first[0]!.id, random));
    const made = await createRun(db, prompt.id, { variable_values: { x: 'y' }, settings: prompt.settings, messages: first });
    if (!made.ok) return;
    journal.addMessages(name, made.value.id, first.map((m) => m.id));
    note(made, RUN_EDITABLE_FIELDS);
  } else if (roll < 0.4) {
    const user = message(device, run.id, 'user', run.current_leaf_id, random);
    const reply = message(device, run.id, 'assistant', user.id, random);
    note(await updateRun(db, run.id, { append: [user, reply], current_leaf_id: reply.id }), ['current_leaf_id']);
    journal.addMessages(name, run.id, [user.id, reply.id]);
  } else if (roll < 0.48) {
    // Branch: a new version of an earlier user message, with its own reply.
    const loaded = await getRun(db, run.id);
    const target = pick(random, loaded?.messages.filter((m) => m.role === 'user') ?? []);
    if (!target) return;
    const edit = message(device, run.id, 'user', target.parentId, random);
    const reply = message(device, run.id, 'assistant', edit.id, random);
    note(await updateRun(db, run.id, { append: [edit, reply], current_leaf_id: reply.id }), ['current_leaf_id']);
    journal.addMessages(name, run.id, [edit.id, reply.id]);
  } else if (roll < 0.56) {
    note(await renameRun(db, run.id, `name ${Math.floor(random() * 1e4)}`), ['name']);
  } else if (roll < 0.62) {
    note(await starRun(db, run.id, random() < 0.5), ['is_starred']);
  } else if (roll < 0.67) {
    note(await archiveRun(db, run.id), ['status']);
  } else if (roll < 0.73) {
    note(await deleteRun(db, run.id), ['status']);
  } else if (roll < 0.81) {
    // Restores race with purges on other devices.
    note(await restoreRun(db, run.id), ['status']);
  } else if (roll < 0.85) {
    // Delete forever (from the trash, as the UI does).
    note(await deleteRun(db, run.id), ['status']);
    // Including text that came back in a "Recovered" run: its messages moved there.
    const held = (await messagesOfRun(db.messages, run.id).primaryKeys()) as string[];
    const purged = await purgeRun(db, run.id);
    if (purged.ok) journal.purged(held);
  } else if (roll < 0.9) {
    note(await describeRun(db, run.id, `about ${Math.floor(random() * 100)}`), ['description']);
  } else {
    const loaded = await getRun(db, run.id);
    const from = pick(random, loaded?.messages ?? []);
    if (from) note(await setCurrentLeaf(db, run.id, deepestLeaf(loaded!.messages, from.id)), ['current_leaf_id']);
  }
}

async function syncUntilOk(device: TestDevice): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if ((await device.engine.syncNow()).ok) return;
  }
  throw new Error(`${device.name} did not sync after 50 attempts`);
}

const editable = (row: object, fields: readonly string[]) =>
  canonicalJson(Object.fromEntries(fields.map((f) => [f, (row as Record<string, unknown>)[f]])));
const clocksOf = (row: { field_updated_at: Record<string, string> }, fields: readonly string[]) => fields.map((f) => clockMs(row.field_updated_at[f]));

/** Per-field LWW on the server: each field holds the winner of every write it received, in any arrival order. */
function checkServerLww(server: FakeSyncServer) {
  const winners = new Map<string, (typeof server.fieldLog)[number]>();
  for (const write of server.fieldLog) {
    const key = `${write.table}:${write.id}:${write.field}`;
    const current = winners.get(key);
    const sameWriterTie = current && current.writer === write.writer && clockMs(current.clock) === clockMs(write.clock);
    if (!current || sameWriterTie || compareFieldWrites(write, current) > 0) winners.set(key, write);
  }
  for (const [key, write] of winners) {
    // A purge is final whatever the clocks: a purged run's status is checked to be 'deleted' below.
    if (write.field === 'status' && server.runs.get(write.id)?.purgedAt) continue;
    const row = write.table === 'prompt_runs' ? server.runs.get(write.id)?.row : server.prompts.get(write.id)?.row;
    expect(canonicalJson((row as unknown as Record<string, unknown>)[write.field]), `server ${key}`).toBe(canonicalJson(write.value));
  }
}

async function checkConverged(world: TestWorld, devices: TestDevice[], journal: Journal) {
  const server = world.server;
  checkServerLww(server);
  const purgedOnServer = new Set([...server.runs.values()].filter((r) => r.purgedAt).map((r) => r.row.id));
  const clientIds = new Map(await Promise.all(devices.map(async (d) => [d.name, await ensureClientId(d.db)] as const)));
  // Every device's last write of every field reached the server (clamped if its clock ran ahead), or lost
  // there to a later write (a write parked in the dead letters meets newer values before its retry).
  for (const w of journal.lastWrites.values()) {
    if (w.table === 'runs' && purgedOnServer.has(w.id)) continue; // a purge drops what was still queued for the run
    const writer = clientIds.get(w.device)!;
    const arrived = server.fieldLog.some((l) => l.id === w.id && l.field === w.field && l.writer === writer
      && canonicalJson(l.value) === canonicalJson(w.value) && clockMs(l.clock) <= clockMs(w.clock));
    const stored = w.table === 'runs' ? server.runs.get(w.id) : server.prompts.get(w.id);
    const beaten = !!stored && compareFieldWrites(
      { clock: stored.row.field_updated_at[w.field], writer: stored.writers[w.field], value: (stored.row as unknown as Record<string, unknown>)[w.field] },
      { clock: w.clock, writer, value: w.value },
    ) > 0;
    expect(arrived || beaten, `${w.device}'s last ${w.field} of ${w.table} ${w.id} reached the server`).toBe(true);
  }
  // Messages: none dropped without a word. Each one written reached the server (in its run, or in a
  // "Recovered" run when its run was purged first), unless its own device deleted the run forever; the
  // server holds each message in one run at most, exactly as its appends and purges say.
  const appended = new Set(server.messageLog.flatMap((e) => (e.kind === 'append' ? [e.messageId] : [])));
  for (const [id, m] of journal.messages) {
    if (!journal.purgedHere.has(id)) expect(appended.has(id), `message ${id} written on ${m.device} reached the server`).toBe(true);
  }
  const expected = new Map<string, Set<string>>();
  for (const e of server.messageLog) {
    const set = expected.get(e.runId) ?? new Set<string>();
    if (e.kind === 'append') set.add(e.messageId);
    else set.clear();
    expected.set(e.runId, set);
  }
  const where = new Map<string, string>();
  for (const [runId, r] of server.runs) {
    expect(new Set(r.messages.keys()), `server messages of ${runId}`).toEqual(expected.get(runId) ?? new Set());
    for (const id of r.messages.keys()) {
      expect(where.get(id), `message ${id} in one run only`).toBeUndefined();
      where.set(id, runId);
    }
    if (r.purgedAt) expect(r.row.status, `purged run ${runId} stays deleted`).toBe('deleted');
  }
  for (const device of devices) {
    expect(await device.db.outbox.count(), `${device.name} outbox`).toBe(0);
    expect(device.engine.getState().deadLetters, `${device.name} dead letters`).toEqual([]);
    const runs = await device.db.runs.toArray();
    expect(runs.length, `${device.name} run count`).toBe(server.runs.size);
    for (const run of runs) {
      const remote = server.runs.get(run.id)!;
      expect(editable(run, RUN_EDITABLE_FIELDS), `${device.name} run ${run.id}`).toBe(editable(remote.row, RUN_EDITABLE_FIELDS));
      expect(clocksOf(run, RUN_EDITABLE_FIELDS)).toEqual(clocksOf(remote.row, RUN_EDITABLE_FIELDS));
      // List order is the same everywhere: activity derived from the messages' own times.
      expect([run.last_message_at, run.last_message_preview], `${device.name} activity of ${run.id}`).toEqual([remote.row.last_message_at, remote.row.last_message_preview]);
      const ids = (await messagesOfRun(device.db.messages, run.id).toArray()).map((m) => m.id);
      expect(new Set(ids).size, 'no duplicated message').toBe(ids.length);
      expect(new Set(ids), `${device.name} messages of ${run.id}`).toEqual(new Set(remote.messages.keys()));
      expect(run.message_count).toBe(ids.length);
      if (remote.purgedAt) expect(await device.db.purged.get(run.id), `${device.name} knows ${run.id} was purged`).toBeDefined();
    }
    await checkOrganizeConverged(server, device);
    const prompts = await device.db.prompts.toArray();
    expect(prompts.length).toBe(server.prompts.size);
    for (const prompt of prompts) {
      expect(editable(prompt, PROMPT_EDITABLE_FIELDS)).toBe(editable(server.prompts.get(prompt.id)!.row, PROMPT_EDITABLE_FIELDS));
    }
  }
}

/** Tags, folders, links, filing and versions: each device holds the server's rows, values and clocks. */
async function checkOrganizeConverged(server: FakeSyncServer, device: TestDevice) {
  const kinds = [
    ['tags', device.db.tags, (r: Record<string, unknown>) => String(r.id), ['name', 'color', 'status']],
    ['folders', device.db.folders, (r: Record<string, unknown>) => String(r.id), ['name', 'parent_id', 'position', 'status']],
    ['run_tags', device.db.runTags, (r: Record<string, unknown>) => `${String(r.run_id)}/${String(r.tag_id)}`, ['present']],
    ['prompt_tags', device.db.promptTags, (r: Record<string, unknown>) => `${String(r.prompt_id)}/${String(r.tag_id)}`, ['present']],
    ['run_folders', device.db.runFolders, (r: Record<string, unknown>) => String(r.run_id), ['folder_id']],
    ['prompt_versions', device.db.promptVersions, (r: Record<string, unknown>) => String(r.id), ['snapshot', 'created_at']],
    ['run_versions', device.db.runVersions, (r: Record<string, unknown>) => String(r.id), ['snapshot', 'created_at']],
  ] as const;
  for (const [wire, table, keyOf, fields] of kinds) {
    const remote = new Map([...server.organize.rows.get(wire)!.values()].map((s) => [keyOf(s.row), s.row as Record<string, unknown>]));
    const local = new Map(((await table.toArray()) as unknown as Array<Record<string, unknown>>).map((r) => [keyOf(r), r]));
    expect([...local.keys()].sort(), `${device.name} ${wire}`).toEqual([...remote.keys()].sort());
    for (const [key, row] of local) {
      expect(editable(row, fields), `${device.name} ${wire} ${key}`).toBe(editable(remote.get(key)!, fields));
    }
  }
  // What a person sees is the same everywhere: each run's tags and folder.
  const tags = new Map((await device.db.tags.toArray()).map((t) => [t.id, t]));
  const folders = new Map((await device.db.folders.toArray()).map((f) => [f.id, f]));
  const serverTags = new Map([...server.organize.rows.get('tags')!.values()].map((s) => [String(s.row.id), s.row as never]));
  const serverFolders = new Map([...server.organize.rows.get('folders')!.values()].map((s) => [String(s.row.id), s.row as never]));
  for (const run of await device.db.runs.toArray()) {
    const links = await device.db.runTags.where('run_id').equals(run.id).toArray();
    const remoteLinks = [...server.organize.rows.get('run_tags')!.values()].map((s) => s.row as never as { run_id: string; tag_id: string; present: boolean }).filter((l) => l.run_id === run.id);
    expect(visibleTagIds(links, tags).sort(), `${device.name} tags of ${run.id}`).toEqual(visibleTagIds(remoteLinks, serverTags).sort());
    const filed = await device.db.runFolders.get(run.id);
    const remoteFiled = server.organize.rows.get('run_folders')!.get(run.id)?.row.folder_id as string | null | undefined;
    expect(effectiveFolderId(filed?.folder_id, folders), `${device.name} folder of ${run.id}`).toBe(effectiveFolderId(remoteFiled, serverFolders));
  }
}

/** Rename a run the server already has to a poison name (so the change is an edit, not an insert). */
async function poisonARun(world: TestWorld, device: TestDevice, name: string, journal: Journal): Promise<boolean> {
  const gone = new Set((await device.db.purged.toCollection().primaryKeys()) as string[]);
  const target = (await device.db.runs.toArray()).find((r) => world.server.runs.has(r.id) && !gone.has(r.id) && !world.server.runs.get(r.id)!.purgedAt && !journal.poisoned.has(r.id));
  if (!target) return false;
  journal.poisoned.add(target.id);
  const renamed = await renameRun(device.db, target.id, name);
  if (renamed.ok) journal.record(device.name, 'runs', renamed.value, ['name']);
  return renamed.ok;
}

describe('sync under faults (seeded property)', () => {
  for (const seed of seedsFromEnv()) {
    it(`seed ${seed}: ${DEVICES} devices × ${OPS_PER_DEVICE} operations converge`, async () => {
      const world = createTestWorld(seed);
      try {
        const random = seededRandom(seed);
        const journal = new Journal();
        const devices = Array.from({ length: DEVICES }, (_, i) => world.addDevice(`d${i}`, FAULTS, { skewMs: SKEWS_MS[i % SKEWS_MS.length]! }));
        for (const d of devices) {
          d.transport.poison = (change) =>
            change.values.name === POISON.crash ? { kind: 'server', status: 500, message: 'Internal Server Error' }
              : change.values.name === POISON.refuse ? { kind: 'rejected', code: '22P05', message: 'unsupported Unicode escape sequence' }
                : null;
          await ensureExamplePrompts(d.db);
          for (const p of await listPrompts(d.db)) journal.record(d.name, 'prompts', p, PROMPT_EDITABLE_FIELDS);
          world.advance(1);
        }
        const poisoned = { crash: false, refuse: false };
        let setBack = 0;
        const skews = devices.map((_, i) => SKEWS_MS[i % SKEWS_MS.length]!);
        const done = devices.map(() => 0);
        while (done.some((n) => n < OPS_PER_DEVICE)) {
          const i = Math.floor(random() * DEVICES);
          const device = devices[i]!;
          world.advance(1 + Math.floor(random() * 20));
          const roll = random();
          if (roll < 0.03) {
            const online = random() < 0.5;
            device.transport.setOnline(online);
            device.env.setOnline(online);
          } else if (roll < 0.035) {
            // Someone sets this device's clock back by up to ten minutes.
            skews[i] = skews[i]! - Math.floor(1 + random() * 10) * 60_000;
            device.setSkew(skews[i]!);
            setBack += 1;
          } else if (roll < 0.15) {
            await device.engine.syncNow();
          } else if (done[i]! < OPS_PER_DEVICE) {
            if (i === 0 && !poisoned.crash && done[i]! > OPS_PER_DEVICE / 3) poisoned.crash = await poisonARun(world, device, POISON.crash, journal);
            else if (i === 1 && !poisoned.refuse && done[i]! > OPS_PER_DEVICE / 2) poisoned.refuse = await poisonARun(world, device, POISON.refuse, journal);
            else await randomOperation(device, random, journal);
            done[i]! += 1;
          }
        }
        expect(poisoned).toEqual({ crash: true, refuse: true });
        expect(setBack).toBeGreaterThan(0);
        const faults = devices.reduce((sum, d) => sum + d.transport.stats.drop + d.transport.stats.lostResponse + d.transport.stats.serverError + d.transport.stats.timeout + d.transport.stats.unauthorized + d.transport.stats.rateLimit, 0);
        const delivered = devices.reduce((sum, d) => sum + d.transport.stats.ok, 0);
        expect(faults / (faults + delivered)).toBeGreaterThanOrEqual(0.3);
        expect(devices.reduce((s, d) => s + d.transport.stats.offline, 0)).toBeGreaterThan(0);

        // Heal: everyone online, no more faults, three full rounds (push all, then pull all).
        for (const d of devices) {
          d.transport.setRates({});
          d.transport.setOnline(true);
          d.env.setOnline(true);
        }
        for (let round = 0; round < 3; round += 1) for (const d of devices) await syncUntilOk(d);

        // Each poison change waits in its device's dead letters, with its reason; nothing else does.
        const letters = devices.map((d) => d.engine.getState().deadLetters);
        expect(letters[0]!.map((l) => [l.code, l.change?.values.name])).toEqual([['server_error', POISON.crash]]);
        expect(letters[1]!.map((l) => [l.code, l.change?.values.name])).toEqual([['22P05', POISON.refuse]]);
        expect(letters[2]).toEqual([]);
        expect(letters[0]![0]!.message).toMatch(/failed on this change 3 times in a row \(HTTP 500/);
        // The text of purged runs that was written elsewhere came back as "Recovered" runs.
        const recovered = (await Promise.all(devices.map((d) => listRecoveredRuns(d.db)))).flat();
        expect(recovered.length, 'purges raced with writes at least once').toBeGreaterThan(0);
        expect(recovered.every((r) => r.name.startsWith('Recovered: ') && r.count > 0)).toBe(true);

        // The server is fixed: Retry sends them, and then everything has arrived.
        for (const d of devices) {
          d.transport.poison = null;
          for (const letter of d.engine.getState().deadLetters) await d.engine.retryDeadLetter(letter.id);
        }
        for (let round = 0; round < 3; round += 1) for (const d of devices) await syncUntilOk(d);
        await checkConverged(world, devices, journal);
      } finally {
        await world.dispose();
      }
    }, 300_000);
  }
});
