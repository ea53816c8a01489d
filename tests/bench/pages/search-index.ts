// Search index build through the app's own indexer, in real Chromium IndexedDB (a profile on disk):
// runs of 10 messages written chunk after chunk as a first sync writes them (rows plus one marker per
// run), each chunk then indexed by the app's indexer (db.indexNow), its rate measured, up to 1,000,000
// messages; then search queries over the full index. Baseline in the same run: the design before, a
// multi-entry word index (one entry per word and document), written in its own transactions of 500
// documents as its indexer did, until it passes its time limit.
import Dexie from 'dexie';
import { PromptRunsDB } from '@sync/db';
import type { Message, Run } from '@sync/model';
import { bulkLoad, markRunsForIndexing } from '@sync/search/search-index';
import { searchRunsDetailed } from '@sync/search/search';
import { readState } from '@sync/search/search-segments';
import { messageDoc, runDoc } from '@sync/search/search-tokens';
import { createCorpus } from '../support/corpus';
import { round, stats, type BenchFigure, type BenchOptions } from '../harness';

const PER_RUN = 10;
const BASELINE_LIMIT_MS = 120_000;

function makeChunk(corpus: ReturnType<typeof createCorpus>, firstRun: number, runs: number) {
  const runRows: Run[] = [];
  const messages: Message[] = [];
  const base = Date.UTC(2026, 10, 1);
  for (let i = firstRun; i < firstRun + runs; i += 1) {
    const id = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
    const at = new Date(base - i * 60_000).toISOString();
    let parent: string | null = null;
    for (let m = 0; m < PER_RUN; m += 1) {
      const msg: Message = { id: `${id}-m${m}`, runId: id, parentId: parent, role: m % 2 ? 'assistant' : 'user',
        content: m % 2 ? corpus.text(300, 1_400) : corpus.text(100, 400), status: 'done', createdAt: at };
      messages.push(msg);
      parent = msg.id;
    }
    runRows.push({ id, prompt_id: 'p', user_id: null, name: `Run ${i}: ${corpus.text(10, 30)}`, description: '', variable_values: {},
      settings: { provider: 'echo', model_id: 'echo' }, status: 'active', message_count: PER_RUN, is_starred: false, is_pinned: false,
      created_at: at, updated_at: at, last_message_at: at, current_leaf_id: parent, last_message_preview: '', field_updated_at: {} });
  }
  return { runRows, messages };
}

interface ChunkFigure {
  held: number;
  rate: number;
}

async function ours(total: number, chunk: number): Promise<{ chunks: ChunkFigure[]; db: PromptRunsDB }> {
  await Dexie.delete('bench-index-ours');
  const db = new PromptRunsDB('bench-index-ours');
  // Indexing is started by hand here, chunk by chunk, so each chunk's indexing is timed alone.
  db.scheduleIndexing = () => undefined;
  const corpus = createCorpus(5);
  const chunks: ChunkFigure[] = [];
  for (let held = 0; held < total; held += chunk) {
    const { runRows, messages } = makeChunk(corpus, held / PER_RUN, chunk / PER_RUN);
    for (let i = 0; i < runRows.length; i += 200) {
      await db.transaction('rw', [db.runs, db.messages, db.searchPending], async () => {
        bulkLoad();
        const part = runRows.slice(i, i + 200);
        await db.runs.bulkPut(part);
        await db.messages.bulkPut(messages.slice(i * PER_RUN, (i + 200) * PER_RUN));
        await markRunsForIndexing(db, part.map((r) => r.id));
      });
    }
    const t0 = performance.now();
    await db.indexNow();
    const ms = performance.now() - t0;
    chunks.push({ held: held + chunk, rate: Math.round(chunk / (ms / 1000)) });
    console.log(`search-index bench: ${held + chunk} messages, this chunk indexed at ${chunks[chunks.length - 1]!.rate} messages/s`);
  }
  return { chunks, db };
}

async function baseline(total: number, chunk: number): Promise<ChunkFigure[]> {
  await Dexie.delete('bench-index-words');
  const db = new Dexie('bench-index-words');
  db.version(1).stores({ searchIndex: 'id, *words' });
  const corpus = createCorpus(5);
  const chunks: ChunkFigure[] = [];
  const started = performance.now();
  for (let held = 0; held < total && performance.now() - started < BASELINE_LIMIT_MS; held += chunk) {
    const { runRows, messages } = makeChunk(corpus, held / PER_RUN, chunk / PER_RUN);
    const docs = [...runRows.map(runDoc), ...messages.map(messageDoc)];
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += 500) await db.table('searchIndex').bulkPut(docs.slice(i, i + 500));
    const ms = performance.now() - t0;
    chunks.push({ held: held + chunk, rate: Math.round(chunk / (ms / 1000)) });
    console.log(`search-index bench: baseline ${held + chunk} messages, ${chunks[chunks.length - 1]!.rate} messages/s`);
  }
  db.close();
  await Dexie.delete('bench-index-words');
  return chunks;
}

/** Where a slow query's time goes: the index's reads and decoding per term, alone. */
async function probe(db: PromptRunsDB, queries: string[]) {
  const { readTerm } = await import('@sync/search/search-segments');
  const { tokenize } = await import('@sync/search/search-tokens');
  for (const q of queries) {
    const terms = tokenize(q);
    const t0 = performance.now();
    const state = await db.transaction('r', [db.searchState], () => readState(db));
    const t1 = performance.now();
    const sizes = await db.transaction('r', [db.searchPostings, db.searchState], () => Promise.all(terms.map((t) => readTerm(db, state.segments, t, terms.length === 1 ? 2_000 : 20_000).then((r) => r.docs.size))));
    const t2 = performance.now();
    const total = performance.now();
    await searchRunsDetailed(db, q);
    console.log(`search-index bench: probe ${JSON.stringify(q)} segments ${state.segments.length} state ${round(t1 - t0)} ms, readTerm ${round(t2 - t1)} ms (docs ${sizes.join('/')}), whole ${round(performance.now() - total)} ms`);
  }
}

window.__bench = async (options?: BenchOptions): Promise<BenchFigure[]> => {
  const total = options?.smoke ? 4_000 : Math.round(1_000_000 * (options?.scale ?? 1));
  const chunk = options?.smoke ? 2_000 : Math.min(20_000, total);
  const base = new URLSearchParams(location.search).has('nobaseline') ? [{ held: 0, rate: 0 }] : await baseline(total, chunk);
  const { chunks, db } = await ours(total, chunk);
  // Queries over the full index (the data layer alone; the app's keystroke figure is in runs-library).
  const corpus = createCorpus(5);
  const queries = [...corpus.words.slice(0, 5), ...corpus.words.slice(1_000, 1_005), ...corpus.words.slice(20_000, 20_005)]
    .flatMap((w) => [w.slice(0, 2), w.slice(0, 3), w])
    .concat(['x', 'run 12', `${corpus.words[3]} ${corpus.words[2_000]}`]);
  const search = async () => {
    const times: number[] = [];
    const each: Array<{ q: string; ms: number; hits: number; partial: boolean }> = [];
    for (const q of queries) {
      const t0 = performance.now();
      const r = await searchRunsDetailed(db, q);
      times.push(performance.now() - t0);
      each.push({ q, ms: round(performance.now() - t0), hits: r.hits.length, partial: r.partial });
    }
    each.sort((a, b) => b.ms - a.ms);
    console.log(`search-index bench: ${(await readState(db)).segments.length} segments, slowest queries ${JSON.stringify(each.slice(0, 8))}`);
    return { times, each };
  };
  // Right after the last chunk a merge may be left in progress; the app finishes it in idle passes
  // (db.indexNow while mergeLeft), timed here, and a person searching later meets the settled index.
  const early = stats((await search()).times);
  const t0 = performance.now();
  let idlePasses = 0;
  while ((await db.indexNow()).mergeLeft) idlePasses += 1;
  const settleS = round((performance.now() - t0) / 1000);
  const { times, each } = await search();
  if (new URLSearchParams(location.search).has('probe')) await probe(db, each.slice(0, 8).map((e) => e.q));
  db.close();
  await Dexie.delete('bench-index-ours');
  const min = (list: ChunkFigure[]) => Math.min(...list.map((c) => c.rate));
  const at = (list: ChunkFigure[], i: number) => list[Math.min(i, list.length - 1)]!;
  const lastBase = base[base.length - 1]!;
  return [
    {
      name: `Search index build through the app's indexer, ${total.toLocaleString('en-US')} messages in chunks of ${chunk.toLocaleString('en-US')}: the slowest chunk (first ${at(chunks, 0).rate}, last ${at(chunks, chunks.length - 1).rate} messages/s)`,
      unit: 'messages/s',
      value: min(chunks),
      goal: '≥ 5,000 messages/s at every size',
      baseline: {
        name: `the multi-entry word index (the design before), same chunks, stopped after ${round(BASELINE_LIMIT_MS / 1000)} s at ${lastBase.held.toLocaleString('en-US')} messages: first chunk ${base[0]!.rate}, last ${lastBase.rate} messages/s; its slowest`,
        value: min(base),
      },
    },
    {
      name: `Search over the index of ${total.toLocaleString('en-US')} messages, data layer alone (${queries.length} queries: prefixes of common, middling and rare words), once the idle passes after the last chunk ended its merges (${idlePasses + 1} pass${idlePasses === 0 ? '' : 'es'}, ${settleS} s; right after the last chunk: p95 ${early.p95} ms, median ${early.median} ms)`,
      unit: 'ms',
      value: stats(times),
    },
  ];
};
