// Pushing what a chat import queued, in real Chromium IndexedDB (a profile on disk): 7,500 runs with
// ~100,000 messages queued as an import queues them (a run's entry, then its messages'), pushed whole
// through the engine's pushOutbox to a transport that answers "applied" at once (no network, no server:
// what is left is the device's own work per call: reading the queue, the rows, building, acking). Each
// call is timed. Baseline in the same page and run: the same through BENCH_BASELINE_COMMIT's engine
// (`@baseline-sync`, main before a change; this checkout's when unset). Every message must arrive once.
import Dexie from 'dexie';
import { PromptRunsDB } from '@sync/db';
import { pushOutbox } from '@sync/engine/push-outbox';
import { PromptRunsDB as BaselineDB } from '@baseline-sync/db';
import { pushOutbox as baselinePushOutbox } from '@baseline-sync/engine/push-outbox';
import type { PushRequest, PushResponse } from '@sync/protocol';
import { createCorpus } from '../support/corpus';
import { stats, type BenchFigure, type BenchOptions } from '../harness';

declare const __BASELINE_SYNC__: string;

type Engine = { label: string; open(name: string): PromptRunsDB; push: typeof pushOutbox };
const log = (what: string) => console.log(`bench: outbox push: ${what}`);

/** Runs and messages as the import stores them, with their outbox entries, in transactions of 250 runs. */
async function fill(db: PromptRunsDB, runCount: number): Promise<number> {
  const corpus = createCorpus(5);
  const base = Date.UTC(2025, 0, 1);
  const iso = (ms: number) => new Date(ms).toISOString();
  await db.prompts.put({ id: 'p', user_id: null, name: 'Imported', description: '', system_message: '', user_template: '', variables: [],
    settings: { provider: 'echo', model_id: 'echo' }, status: 'active', created_at: iso(base), updated_at: iso(base), field_updated_at: {} } as never);
  let seq = 0;
  let messageCount = 0;
  for (let first = 0; first < runCount; first += 250) {
    const runs: unknown[] = [];
    const messages: unknown[] = [];
    const entries: unknown[] = [];
    for (let i = first; i < Math.min(runCount, first + 250); i += 1) {
      const id = `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`;
      const count = i % 4 === 0 ? 14 : 13;
      const at = (m: number) => iso(base + i * 3_600_000 + m * 60_000);
      entries.push({ key: `runs:${id}`, table: 'runs', rowId: id, fields: [], isNew: true, seq: (seq += 1), queuedAt: at(0) });
      let parent: string | null = null;
      for (let m = 0; m < count; m += 1) {
        const mid = `00000000-0000-4000-b${String(m).padStart(3, '0')}-${String(i).padStart(12, '0')}`;
        messages.push({ id: mid, runId: id, parentId: parent, role: m % 2 ? 'assistant' : 'user', content: m % 2 ? corpus.text(400, 2_400) : corpus.text(60, 600), status: 'done', createdAt: at(m) });
        entries.push({ key: `messages:${mid}`, table: 'messages', rowId: mid, runId: id, fields: [], isNew: true, seq: (seq += 1), queuedAt: at(m) });
        parent = mid;
      }
      messageCount += count;
      runs.push({ id, prompt_id: 'p', user_id: null, name: `Conversation ${i}`, description: '', variable_values: {}, settings: { provider: 'echo', model_id: 'echo' },
        status: 'active', message_count: count, is_starred: false, is_pinned: false, created_at: at(0), updated_at: at(count), last_message_at: at(count - 1),
        current_leaf_id: parent, last_message_preview: '', field_updated_at: {} });
    }
    await db.transaction('rw', [db.runs, db.messages, db.outbox, db.meta], async () => {
      await db.runs.bulkPut(runs as never);
      await db.messages.bulkPut(messages as never);
      await db.outbox.bulkPut(entries as never);
      await db.meta.put({ key: 'outbox-seq', value: seq });
    });
  }
  return messageCount;
}

async function pushAll(engine: Engine, runCount: number) {
  const name = `bench-outbox-push-${engine.label.replace(/\W/g, '')}`;
  await Dexie.delete(name);
  const db = engine.open(name);
  // Indexing is left out (the search-index bench measures it).
  db.scheduleIndexing = () => undefined;
  const messages = await fill(db, runCount);
  const queued = await db.outbox.count();
  const received = new Set<string>();
  let duplicates = 0;
  const transport = {
    push: async (req: PushRequest) => {
      for (const c of req.changes) {
        for (const m of c.append_messages ?? []) {
          if (received.has(m.id)) duplicates += 1;
          received.add(m.id);
        }
      }
      const value: PushResponse = { protocol: req.protocol ?? 1, applied_through: Math.max(...req.changes.map((c) => c.seq)), server_time: new Date().toISOString(), results: req.changes.map((c) => ({ seq: c.seq, status: 'applied' as const })) };
      return Promise.resolve({ kind: 'ok' as const, value });
    },
    pull: () => Promise.resolve({ kind: 'network' as const, message: 'no pulls in this bench' }),
  };
  const calls: number[] = [];
  let last = performance.now();
  const t0 = last;
  const out = await engine.push(db, transport, { onPushed: () => {
    const now = performance.now();
    calls.push(now - last);
    last = now;
  } });
  const total = performance.now() - t0;
  const left = await db.outbox.count();
  db.close();
  await Dexie.delete(name);
  if (!out.ok || left > 0 || received.size !== messages || duplicates > 0) {
    throw new Error(`${engine.label}: pushed ${received.size} of ${messages} messages (${duplicates} twice), ${left} entries left, ${JSON.stringify(out)}`);
  }
  log(`${engine.label}: ${queued} entries (${messages} messages) in ${calls.length} calls, ${Math.round(total)} ms; first call ${Math.round(calls[0] ?? 0)} ms, last ${Math.round(calls.at(-1) ?? 0)} ms`);
  return { total, calls, messages, queued };
}

window.__bench = async (options?: BenchOptions): Promise<BenchFigure[]> => {
  const runs = options?.smoke ? 100 : Math.round(7_500 * (options?.scale ?? 1));
  const baseline: Engine = { label: `baseline (${__BASELINE_SYNC__})`, open: (n) => new BaselineDB(n) as unknown as PromptRunsDB, push: baselinePushOutbox as unknown as typeof pushOutbox };
  const ours: Engine = { label: 'this checkout', open: (n) => new PromptRunsDB(n), push: pushOutbox };
  const b = await pushAll(baseline, runs);
  const o = await pushAll(ours, runs);
  const what = `${o.queued.toLocaleString('en-US')} queued entries (${runs.toLocaleString('en-US')} imported runs, ${o.messages.toLocaleString('en-US')} messages)`;
  const firstTenth = (c: number[]) => stats(c.slice(0, Math.max(1, Math.floor(c.length / 10))));
  return [
    {
      name: `Pushing all of ${what} to a transport that answers at once: first call to an empty outbox, ${o.calls.length} calls`,
      unit: 'ms',
      value: Math.round(o.total),
      baseline: { name: `the engine at ${__BASELINE_SYNC__}, same page, same rows (${b.calls.length} calls)`, value: Math.round(b.total) },
    },
    {
      name: `Pushing ${what}: ms per call over the first tenth of the calls (the queue at its longest)`,
      unit: 'ms',
      value: firstTenth(o.calls),
      baseline: { name: `the engine at ${__BASELINE_SYNC__}`, value: firstTenth(b.calls) },
    },
  ];
};
