import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createPrompt } from './prompts';
import { createRun, getRun, starRun, updateRun } from './runs';
import { exportRuns, importRuns } from './export-import';
import { listOutbox } from './outbox';

let source: PromptRunsDB;
let target: PromptRunsDB;
beforeEach(() => {
  source = freshDb();
  target = freshDb();
});
afterEach(() => {
  source.close();
  target.close();
});

async function seed() {
  const prompt = await createPrompt(source, { name: 'Translator', user_template: 'Translate {{text}}' });
  if (!prompt.ok) throw prompt.error;
  const user = makeMessage('', 'user', 'Translate hola', null);
  const run = await createRun(source, prompt.value.id, { variable_values: { text: 'hola' }, settings: { provider: 'echo', model_id: 'echo', temperature: 0.3 }, messages: [user] });
  if (!run.ok) throw run.error;
  // Two branches under the same user message.
  const a = makeMessage(run.value.id, 'assistant', 'hello', user.id);
  const b = makeMessage(run.value.id, 'assistant', 'hi', user.id);
  await updateRun(source, run.value.id, { append: [a, b], current_leaf_id: b.id });
  await starRun(source, run.value.id, true);
  return run.value.id;
}

describe('export and import', () => {
  it('round-trips runs losslessly: branches, variables, settings, metadata and the prompt', async () => {
    const runId = await seed();
    const file = JSON.stringify(await exportRuns(source));
    const result = await importRuns(target, file);
    expect(result.ok && result.value).toMatchObject({ runsAdded: 1, messagesAdded: 3, promptsAdded: 1, skipped: [] });
    const [before, after] = await Promise.all([getRun(source, runId), getRun(target, runId)]);
    expect(after?.run).toEqual(before?.run);
    expect(after?.messages).toEqual(before?.messages);
    expect(await target.prompts.count()).toBe(1);
    expect((await listOutbox(target)).some((e) => e.key === `runs:${runId}` && e.isNew)).toBe(true);
  });

  it('is idempotent: importing the same file twice adds nothing the second time', async () => {
    await seed();
    const file = JSON.stringify(await exportRuns(source));
    await importRuns(target, file);
    const again = await importRuns(target, file);
    expect(again.ok && again.value).toMatchObject({ runsAdded: 0, runsUpdated: 0, runsUnchanged: 1, messagesAdded: 0, promptsAdded: 0 });
    expect(await target.runs.count()).toBe(1);
    expect(await target.messages.count()).toBe(3);
  });

  it('refuses malformed and foreign files with a clear reason and changes nothing', async () => {
    for (const [text, says] of [
      ['{not json', 'not valid JSON'],
      ['{"format":"chatgpt","conversations":[]}', 'not a prompt-runs export'],
      ['{"format":"prompt-runs-export","version":99,"runs":[]}', 'newer version'],
      ['{"format":"prompt-runs-export","version":1}', 'list of runs is missing'],
    ] as const) {
      const result = await importRuns(target, text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain(says);
    }
    expect(await target.runs.count()).toBe(0);
  });

  it('skips a corrupt run with its reason and imports the rest', async () => {
    await seed();
    const data = await exportRuns(source);
    const broken = { ...data, runs: [...data.runs, { run: { id: 'x', name: 42 }, messages: [] }] };
    const result = await importRuns(target, JSON.stringify(broken));
    expect(result.ok && result.value.runsAdded).toBe(1);
    expect(result.ok && result.value.skipped).toEqual([expect.stringContaining('Run 2')]);
  });

  it('imports batch by batch with progress, stops when cancelled keeping what it wrote, and a second import adds the rest', async () => {
    const prompt = await createPrompt(source, { name: 'Long', user_template: '{{x}}' });
    if (!prompt.ok) throw prompt.error;
    for (let r = 0; r < 5; r += 1) {
      const messages = Array.from({ length: 900 }, (_, i) => makeMessage('', i % 2 ? 'assistant' : 'user', `run ${r} line ${i} about capybaras`, null));
      const run = await createRun(source, prompt.value.id, { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages });
      if (!run.ok) throw run.error;
    }
    const file = JSON.stringify(await exportRuns(source));
    const controller = new AbortController();
    const seen: Array<{ done: number; total: number }> = [];
    const first = await importRuns(target, file, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.done > 0) controller.abort();
      },
    });
    expect(first.ok && first.value.cancelled).toBe(true);
    expect(seen[0]).toEqual({ done: 0, total: 4_500 });
    const partly = await target.messages.count();
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(4_500);
    // Only whole runs were written, each with its own count, and queued for upload.
    for (const run of await target.runs.toArray()) expect(run.message_count).toBe(900);
    expect((await listOutbox(target)).filter((e) => e.table === 'messages')).toHaveLength(partly);

    const progress: number[] = [];
    const second = await importRuns(target, file, { onProgress: (p) => progress.push(p.done) });
    expect(second.ok && second.value).toMatchObject({ cancelled: false, runsAdded: 5 - (first.ok ? first.value.runsAdded : 0), messagesAdded: 4_500 - partly });
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(4_500);
    expect(await target.messages.count()).toBe(4_500);
    for (const run of await target.runs.toArray()) expect(run.message_count).toBe(900);
    const { searchRuns } = await import('../search/search');
    await target.indexNow();
    expect((await searchRuns(target, 'capybaras line 899')).length).toBe(5);
  });
});
