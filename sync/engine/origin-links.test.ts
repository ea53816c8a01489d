// A run's prompt version and a template's source run reach the user's other devices, stay there across
// later pulls, and a device keeps its own when the server has none (a row it took before it kept them).
import { afterEach, describe, expect, it } from 'vitest';
import { createPrompt, getPrompt, updatePrompt } from '../store/prompts';
import { createRun, getRun, renameRun } from '../store/runs';
import { saveRunAsTemplate } from '../store/templates';
import { getPromptVersion, promptDiffersFrom } from '../store/versions';
import { makeMessage, unwrap } from '../test-support';
import { createTestWorld, type TestWorld } from './test-world';

let world: TestWorld;
afterEach(async () => world?.dispose());

async function runThenEditPrompt(db: Parameters<typeof createPrompt>[0]) {
  const prompt = unwrap(await createPrompt(db, { name: 'Summarise', user_template: 'Summarise {{text}}' }));
  const runId = crypto.randomUUID();
  const question = makeMessage(runId, 'user', 'Summarise this', null);
  const run = unwrap(await createRun(db, prompt.id, { variable_values: { text: 'x' }, settings: prompt.settings, messages: [question] }));
  world.advance(1000);
  unwrap(await updatePrompt(db, prompt.id, { user_template: 'Summarise {{text}} in one line' }));
  const template = unwrap(await saveRunAsTemplate(db, run.id));
  return { prompt, run, template };
}

describe('a run’s prompt version and a template’s source run', () => {
  it('are pushed with the new rows and show on another device: the prompt changed since, the run a template came from', async () => {
    world = createTestWorld(31);
    const a = world.addDevice('a');
    const b = world.addDevice('b');
    const { prompt, run, template } = await runThenEditPrompt(a.db);
    expect(run.prompt_version_id).toEqual(expect.any(String));
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    const pushed = a.transport.sent.flatMap((s) => (s.op === 'push' ? s.req.changes : []));
    expect(pushed.find((c) => c.id === run.id)?.values).toMatchObject({ prompt_version_id: run.prompt_version_id });
    expect(pushed.find((c) => c.id === template.id)?.values).toMatchObject({ source_run_id: run.id });
    expect(pushed.find((c) => c.id === prompt.id)?.values).not.toHaveProperty('source_run_id');

    expect(await b.engine.syncNow()).toMatchObject({ ok: true });
    const onB = (await getRun(b.db, run.id))!.run;
    expect(onB.prompt_version_id).toBe(run.prompt_version_id);
    const started = unwrap(await getPromptVersion(b.db, onB.prompt_version_id!));
    expect(promptDiffersFrom((await getPrompt(b.db, prompt.id))!, started.snapshot)).toBe(true);
    expect((await getPrompt(b.db, template.id))?.source_run_id).toBe(run.id);
  });

  it('stay on every device across later edits and pulls of the same rows', async () => {
    world = createTestWorld(32);
    const a = world.addDevice('a');
    const b = world.addDevice('b');
    const { run, template } = await runThenEditPrompt(a.db);
    await a.engine.syncNow();
    await b.engine.syncNow();
    world.advance(1000);
    unwrap(await renameRun(b.db, run.id, 'Renamed on b'));
    unwrap(await updatePrompt(b.db, template.id, { name: 'Template renamed on b' }));
    await b.engine.syncNow();
    await a.engine.syncNow();
    for (const device of [a, b]) {
      expect((await getRun(device.db, run.id))!.run).toMatchObject({ name: 'Renamed on b', prompt_version_id: run.prompt_version_id });
      expect(await getPrompt(device.db, template.id)).toMatchObject({ name: 'Template renamed on b', source_run_id: run.id });
    }
  });

  it('are kept on the device that made them when the server has none', async () => {
    world = createTestWorld(33);
    const a = world.addDevice('a');
    const { run, template } = await runThenEditPrompt(a.db);
    await a.engine.syncNow();
    // As a server that took the rows before it kept these fields: it has no value, and an edit comes back.
    const stored = world.server.runs.get(run.id)!.row as unknown as Record<string, unknown>;
    delete stored.prompt_version_id;
    delete (world.server.prompts.get(template.id)!.row as unknown as Record<string, unknown>).source_run_id;
    world.advance(1000);
    world.server.push({ client_id: crypto.randomUUID(), changes: [
      { seq: 1, table: 'prompt_runs', id: run.id, values: { name: 'Renamed elsewhere' }, clocks: { name: new Date(world.now()).toISOString() } },
      { seq: 2, table: 'prompts', id: template.id, values: { name: 'Template elsewhere' }, clocks: { name: new Date(world.now()).toISOString() } },
    ] });
    await a.engine.syncNow();
    expect((await getRun(a.db, run.id))!.run).toMatchObject({ name: 'Renamed elsewhere', prompt_version_id: run.prompt_version_id });
    expect(await getPrompt(a.db, template.id)).toMatchObject({ name: 'Template elsewhere', source_run_id: run.id });
  });
});
