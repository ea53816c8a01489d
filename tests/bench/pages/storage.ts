// Issue 2 figures in real Chromium IndexedDB: saving one exchange into a run that already has 1,000
// messages (message-per-record + outbox) beside the seed's approach (rewrite the whole messages array).
import Dexie from 'dexie';
import { PromptRunsDB } from '@sync/db';
import { createRun, getRun, updateRun } from '@sync/store/runs';
import { activePath } from '@sync/tree';
import type { Message } from '@sync/model';
import { stats, type BenchFigure } from '../harness';

const SAVES = 200;
const settings = { provider: 'echo', model_id: 'echo' };
const text = (i: number) => `Message ${i}: ` + 'lorem ipsum dolor sit amet '.repeat(12);

function message(runId: string, i: number, parentId: string | null): Message {
  return {
    id: crypto.randomUUID(), runId, parentId, role: i % 2 ? 'assistant' : 'user', content: text(i), status: 'done',
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  };
}

function chain(runId: string, n: number): Message[] {
  const out: Message[] = [];
  for (let i = 0; i < n; i += 1) out.push(message(runId, i, out[i - 1]?.id ?? null));
  return out;
}

async function ours(): Promise<{ save: number[]; resume: number[] }> {
  await Dexie.delete('bench-ours');
  const db = new PromptRunsDB('bench-ours');
  const created = await createRun(db, 'p', { variable_values: {}, settings, messages: chain('x', 1000) });
  if (!created.ok) throw created.error;
  const runId = created.value.id;
  let leaf = created.value.current_leaf_id;
  const save: number[] = [];
  for (let i = 0; i < SAVES; i += 1) {
    const user = message(runId, 1000 + 2 * i, leaf);
    const reply = message(runId, 1001 + 2 * i, user.id);
    const t0 = performance.now();
    const r = await updateRun(db, runId, { append: [user, reply], current_leaf_id: reply.id });
    save.push(performance.now() - t0);
    if (!r.ok) throw r.error;
    leaf = reply.id;
  }
  const resume: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const t0 = performance.now();
    const loaded = await getRun(db, runId);
    activePath(loaded!.messages, loaded!.run.current_leaf_id);
    resume.push(performance.now() - t0);
  }
  db.close();
  return { save, resume };
}

/** The seed's shape: one row per run with a messages array, rewritten whole on every save. */
async function seedStyle(): Promise<{ save: number[]; resume: number[] }> {
  await Dexie.delete('bench-seed');
  const db = new Dexie('bench-seed');
  db.version(1).stores({ prompt_runs: 'id' });
  const table = db.table('prompt_runs');
  const messages = chain('x', 1000);
  await table.put({ id: 'r', messages, message_count: messages.length });
  const save: number[] = [];
  for (let i = 0; i < SAVES; i += 1) {
    const t0 = performance.now();
    const row = await table.get('r');
    const last = row.messages[row.messages.length - 1];
    const user = message('r', 1000 + 2 * i, last.id);
    const next = [...row.messages, user, message('r', 1001 + 2 * i, user.id)];
    await table.put({ ...row, messages: next, message_count: next.length, last_message_at: new Date().toISOString() });
    save.push(performance.now() - t0);
  }
  const resume: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const t0 = performance.now();
    await table.get('r');
    resume.push(performance.now() - t0);
  }
  db.close();
  return { save, resume };
}

window.__bench = async (): Promise<BenchFigure[]> => {
  const a = await ours();
  const b = await seedStyle();
  return [
    {
      name: 'Save one exchange into a 1,000-message run',
      unit: 'ms',
      value: stats(a.save),
      baseline: { name: 'seed-style: rewrite the whole messages array', value: stats(b.save) },
      goal: 'p95 ≤ 10 ms',
    },
    {
      name: 'Load a 1,000-message run from IndexedDB (getRun + active path)',
      unit: 'ms',
      value: stats(a.resume),
      baseline: { name: 'seed-style: read the single row', value: stats(b.resume) },
    },
  ];
};
