// Storage figures in real Chromium IndexedDB: saving one exchange into a run that already has 1,000
// messages (message-per-record + outbox) beside the seed's approach (rewrite the whole messages array).
import Dexie, { type DBCore, type Middleware } from 'dexie';
import { PromptRunsDB } from '@sync/db';
import { createRun, getRun, updateRun } from '@sync/store/runs';
import { activePath } from '@sync/tree';
import type { Message, Run } from '@sync/model';
import { messageDoc, runDoc } from '@sync/search/search-tokens';
import { stats, type BenchFigure, type BenchOptions } from '../harness';

/** Saves timed per mode (BENCH_SMOKE: 16). */
let SAVES = 200;
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

/**
 * How the search index is kept during the timed saves: 'deferred' is the app's way (a marker in the save,
 * the documents written after it); 'in-save' writes the documents inside the save's transaction (the
 * design before, rebuilt here as a reference); 'none' keeps no index at all (the floor).
 */
type IndexMode = 'deferred' | 'in-save' | 'none';

const inSaveIndex: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'bench-in-save-index',
  create(down) {
    return {
      ...down,
      transaction: (stores, mode, options) =>
        down.transaction(mode === 'readwrite' && stores.includes('messages') ? [...new Set([...stores, 'searchIndex'])] : stores, mode, options),
      table(name) {
        const table = down.table(name);
        if (name !== 'runs' && name !== 'messages') return table;
        return {
          ...table,
          mutate(req) {
            if (req.type !== 'put') return table.mutate(req);
            const docs = req.values.map((v: unknown) => (name === 'runs' ? runDoc(v as Run) : messageDoc(v as Message)));
            const written = table.mutate(req);
            const indexed = down.table('searchIndex').mutate({ type: 'put', trans: req.trans, values: docs });
            return written.then((response) => indexed.then(() => response));
          },
        };
      },
    };
  },
};

async function openBenchDb(mode: IndexMode): Promise<{ db: PromptRunsDB; runId: string; leaf: string | null }> {
  const name = `bench-ours-${mode}`;
  await Dexie.delete(name);
  const db = new PromptRunsDB(name);
  if (mode !== 'deferred') db.unuse({ stack: 'dbcore', name: 'search-index' });
  if (mode === 'in-save') {
    // The design before kept a multi-entry word index (dropped from the app's schema): added back here.
    db.version(db.verno + 1).stores({ searchIndex: 'id, *words' });
    db.use(inSaveIndex);
  }
  const created = await createRun(db, 'p', { variable_values: {}, settings, messages: chain('x', 1000) });
  if (!created.ok) throw created.error;
  await db.indexNow();
  return { db, runId: created.value.id, leaf: created.value.current_leaf_id };
}

/** Timed saves into each mode's 1,000-message run, the modes taking turns so machine load hits them alike. */
async function ours(): Promise<{ save: Record<IndexMode, number[]>; resume: number[]; indexing: number[] }> {
  const modes: IndexMode[] = ['deferred', 'in-save', 'none'];
  const state = new Map(await Promise.all(modes.map(async (m) => [m, await openBenchDb(m)] as const)));
  const save: Record<IndexMode, number[]> = { deferred: [], 'in-save': [], none: [] };
  const indexing: number[] = [];
  const ROUNDS = 8;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const mode of round % 2 ? [...modes].reverse() : modes) {
      const s = state.get(mode)!;
      for (let k = 0; k < SAVES / ROUNDS; k += 1) {
        const i = save[mode].length;
        const user = message(s.runId, 1000 + 2 * i, s.leaf);
        const reply = message(s.runId, 1001 + 2 * i, user.id);
        const t0 = performance.now();
        const r = await updateRun(s.db, s.runId, { append: [user, reply], current_leaf_id: reply.id });
        save[mode].push(performance.now() - t0);
        if (!r.ok) throw r.error;
        s.leaf = reply.id;
        // The exchange's search documents are written between exchanges, as in the app (where that
        // runs when the saves go quiet): timed apart, so the next save starts with nothing pending.
        if (mode === 'deferred') {
          const t1 = performance.now();
          await s.db.indexNow();
          indexing.push(performance.now() - t1);
        }
      }
    }
  }
  const { db, runId } = state.get('deferred')!;
  const resume: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const t0 = performance.now();
    const loaded = await getRun(db, runId);
    activePath(loaded!.messages, loaded!.run.current_leaf_id);
    resume.push(performance.now() - t0);
  }
  for (const s of state.values()) s.db.close();
  return { save, resume, indexing };
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

window.__bench = async (options?: BenchOptions): Promise<BenchFigure[]> => {
  if (options?.smoke) SAVES = 16;
  const a = await ours();
  const b = await seedStyle();
  return [
    {
      name: 'Save one exchange into a 1,000-message run (search documents written after the save)',
      unit: 'ms',
      value: stats(a.save.deferred),
      baseline: { name: 'seed-style: rewrite the whole messages array', value: stats(b.save) },
      goal: 'p95 ≤ 10 ms',
    },
    {
      name: 'Save one exchange, search documents written inside the save (the design before; same run, turns taken)',
      unit: 'ms',
      value: stats(a.save['in-save']),
      baseline: { name: 'no search index at all (the floor)', value: stats(a.save.none) },
    },
    {
      name: 'Index one saved exchange for search (its own transaction after the save)',
      unit: 'ms',
      value: stats(a.indexing),
    },
    {
      name: 'Load a 1,000-message run from IndexedDB (getRun + active path)',
      unit: 'ms',
      value: stats(a.resume),
      baseline: { name: 'seed-style: read the single row', value: stats(b.resume) },
    },
  ];
};
