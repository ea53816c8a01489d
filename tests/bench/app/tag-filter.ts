// Tag filter figures in the built app (real Chromium, IndexedDB on disk): 10,000 runs with 56,000 messages and
// twelve tags (303 runs carry "travel", most others one or two of eleven other tags, some a removed
// "travel"), seeded into the app's database. The figure is what a person waits for on the runs page:
// "travel" ticked in "Filter by tag" → the filtered list's first rows on screen (the store's restrictRuns
// over the tag index, then the runs query the page makes, then React's render). Baselines in the same run
// and page: the tag unticked → the newest runs on screen (the page's unfiltered query), and the filter done
// without the tag index (every run and every tag link read, filtered and sorted in memory).
// BENCH_SMOKE=1: 200 runs, 2 rounds; TAG_BENCH_SCALE scales the library.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { stats, type BenchFigure } from '../harness';
import type { AppBenchContext } from '../run-bench';
import { waitForAppDatabase } from '../support/app-database';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const PROMPT = '00000000-0000-4000-8000-000000000003'; // "Free chat", one of the example prompts
const TAG = 'travel';
const OTHER_TAGS = ['work', 'recipes', 'code', 'ideas', 'health', 'finance', 'writing', 'research', 'music', 'family', 'later'];

export interface TagLibrary {
  runs: number;
  messages: number;
  tagged: number;
  /** Names of the newest run of all, and of the newest run carrying the tag. */
  newest: string;
  newestTagged: string;
}

/** Run i carries the filtered tag when i % 33 === 5 (303 of 10,000); its name is "Run i". */
const runName = (i: number) => `Run ${i}`;

/** Writes the library straight into the app's IndexedDB (one transaction per 1,000 runs), generated in the page. */
export async function seedTaggedLibrary(page: Page, count: number): Promise<TagLibrary> {
  const made = await page.evaluate(
    async ({ count, prompt, tag, others }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('prompt-runs-local');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const base = Date.UTC(2026, 10, 25);
      const stamp = new Date(base).toISOString();
      const tagId = (name: string) => `00000000-0000-4000-c000-${name.padStart(12, '0').slice(-12)}`;
      const words = ['lisbon', 'train', 'budget', 'hotel', 'draft', 'review', 'summary', 'plan', 'idea', 'bread', 'query', 'index', 'walk', 'song', 'notes'];
      const text = (i: number, m: number) => Array.from({ length: 30 }, (_, w) => words[(i * 7 + m * 3 + w) % words.length]).join(' ');
      const tx0 = db.transaction('tags', 'readwrite');
      for (const name of [tag, ...others]) {
        tx0.objectStore('tags').put({ id: tagId(name), name, color: null, status: 'active', created_at: stamp, updated_at: stamp, field_updated_at: { name: stamp, color: stamp, status: stamp } });
      }
      await new Promise((resolve, reject) => {
        tx0.oncomplete = resolve;
        tx0.onerror = () => reject(tx0.error);
      });
      let messages = 0;
      let tagged = 0;
      for (let from = 0; from < count; from += 1000) {
        const tx = db.transaction(['runs', 'messages', 'runTags'], 'readwrite', { durability: 'relaxed' });
        for (let i = from; i < Math.min(count, from + 1000); i += 1) {
          const id = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
          const at = new Date(base - i * 45 * 60_000).toISOString();
          const length = i % 10 === 0 ? 20 : 4;
          let parent: string | null = null;
          for (let m = 0; m < length; m += 1) {
            const mid = `${id}-m${m}`;
            tx.objectStore('messages').put({ id: mid, runId: id, parentId: parent, role: m % 2 ? 'assistant' : 'user', content: text(i, m), status: 'done', createdAt: at });
            parent = mid;
          }
          messages += length;
          tx.objectStore('runs').put({
            id, prompt_id: prompt, user_id: null, name: `Run ${i}`, description: '', variable_values: {},
            settings: { provider: 'echo', model_id: 'echo' }, status: 'active', message_count: length, visible_message_count: length,
            is_starred: false, is_pinned: false, created_at: at, updated_at: at, last_message_at: at, current_leaf_id: parent,
            last_message_preview: text(i, length - 1).slice(0, 140), field_updated_at: {},
          });
          const links: Array<[string, boolean]> = [];
          if (i % 33 === 5) links.push([tag, true]);
          else if (i % 97 === 11) links.push([tag, false]); // a tag taken off again: its tombstone stays
          if (i % 3 !== 0) links.push([others[(i * 7) % others.length]!, true]);
          if (i % 5 === 0) links.push([others[(i * 5 + 3) % others.length]!, true]);
          for (const [name, present] of links) {
            tx.objectStore('runTags').put({ run_id: id, tag_id: tagId(name), present, updated_at: at, field_updated_at: { present: at } });
          }
          if (i % 33 === 5) tagged += 1;
        }
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
      return { messages, tagged };
    },
    { count, prompt: PROMPT, tag: TAG, others: OTHER_TAGS },
  );
  return { runs: count, ...made, newest: runName(0), newestTagged: runName(5) };
}

/** Ticks or unticks `tag` in the open "Filter by tag" menu; resolves when `first` heads the list, no longer loading. */
function toggleAndWait(page: Page, tag: string, first: string): Promise<number> {
  return page.evaluate(
    async ({ tag, first }) => {
      const item = [...document.querySelectorAll<HTMLElement>('[role="menuitemcheckbox"]')].find((e) => e.textContent?.replace('✓', '').trim() === tag);
      if (!item) throw new Error(`No “${tag}” in the Filter by tag menu`);
      const t0 = performance.now();
      item.click();
      // A bench that waits forever stops the whole of npm run bench: give up, saying on what.
      while (performance.now() - t0 < 30_000) {
        await new Promise(requestAnimationFrame);
        const row = document.querySelector('[role="list"][aria-label="All runs"] [role="listitem"][aria-label]');
        if (row?.getAttribute('aria-label') === first && document.querySelector('[data-results-for]')) return performance.now() - t0;
      }
      throw new Error(`“${first}” did not head the runs list within 30 s`);
    },
    { tag, first },
  );
}

/** The filter without the tag index: every run and every link read, filtered and sorted in memory, the first 20 kept. */
function fullScan(page: Page, tag: string): Promise<number> {
  return page.evaluate(async (tag) => {
    const t0 = performance.now();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('prompt-runs-local');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['runs', 'runTags', 'tags']);
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = tx.objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as unknown[]);
        req.onerror = () => reject(req.error);
      });
    const [runs, links, tags] = (await Promise.all([all('runs'), all('runTags'), all('tags')])) as [
      Array<{ id: string; status: string; last_message_at: string }>,
      Array<{ run_id: string; tag_id: string; present: boolean }>,
      Array<{ id: string; name: string; status: string }>,
    ];
    const id = tags.find((t) => t.name === tag && t.status === 'active')?.id;
    const ids = new Set(links.filter((l) => l.tag_id === id && l.present).map((l) => l.run_id));
    const first = runs.filter((r) => r.status === 'active' && ids.has(r.id)).sort((a, b) => (a.last_message_at < b.last_message_at ? 1 : -1)).slice(0, 20);
    db.close();
    if (first.length === 0) throw new Error('The full scan found no tagged run');
    return performance.now() - t0;
  }, tag);
}

export async function tagFilterFigures(appUrl: string, count: number, rounds: number) {
  // A profile on disk, as on a device (an incognito context keeps IndexedDB in memory).
  const dir = mkdtempSync(join(tmpdir(), 'prompt-runs-bench-tags-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  // tsx (keepNames) wraps the named functions of page.evaluate bodies in a __name helper the page lacks.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  try {
    // Seeded from a page of its own: the measured page never held the generated rows.
    const seeding = await context.newPage();
    await seeding.goto(`${appUrl}/ai/prompts/runs`);
    await seeding.getByText('No saved runs yet').waitFor({ timeout: 60_000 });
    await waitForAppDatabase(seeding);
    const t0 = Date.now();
    const library = await seedTaggedLibrary(seeding, count);
    console.log(`tag-filter bench: seeded ${library.runs} runs, ${library.messages} messages, ${library.tagged} tagged “${TAG}” in ${Date.now() - t0} ms`);
    await seeding.close();
    const page = await context.newPage();
    await page.goto(`${appUrl}/ai/prompts/runs`);
    await page.getByRole('listitem', { name: library.newest, exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Filter by tag', exact: true }).click();
    await page.getByRole('menuitemcheckbox', { name: TAG }).waitFor();
    // One untimed round: the page's first filter loads code and warms the caches.
    await toggleAndWait(page, TAG, library.newestTagged);
    await toggleAndWait(page, TAG, library.newest);
    const filtered: number[] = [];
    const unfiltered: number[] = [];
    const scan: number[] = [];
    // TAG_BENCH_PROFILE=file.cpuprofile writes a CPU profile of the timed rounds (to find what a slow one does).
    const profileTo = process.env.TAG_BENCH_PROFILE;
    const cdp = profileTo ? await page.context().newCDPSession(page) : null;
    if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
    for (let i = 0; i < rounds; i += 1) {
      filtered.push(await toggleAndWait(page, TAG, library.newestTagged));
      unfiltered.push(await toggleAndWait(page, TAG, library.newest));
    }
    if (cdp && profileTo) writeFileSync(profileTo, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    // After the app's rounds: the scan's garbage (every run read) must not be collected during them.
    for (let i = 0; i < rounds; i += 1) scan.push(await fullScan(page, TAG));
    return { library, filtered: stats(filtered), unfiltered: stats(unfiltered), scan: stats(scan) };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function tagFilterBench({ appUrl }: AppBenchContext): Promise<BenchFigure[]> {
  const smoke = process.env.BENCH_SMOKE === '1';
  const count = smoke ? 200 : Math.round(10_000 * Number(process.env.TAG_BENCH_SCALE ?? 1));
  const f = await tagFilterFigures(appUrl, count, smoke ? 2 : 25);
  const size = `${f.library.runs.toLocaleString('en')} runs, ${f.library.messages.toLocaleString('en')} messages, ${f.library.tagged} tagged “${TAG}” among 12 tags`;
  return [
    {
      name: `Filter by a tag over ${size}: tag ticked in “Filter by tag” → the filtered list's first rows on screen (runs page, 1280×800)`,
      unit: 'ms',
      value: f.filtered,
      goal: '≤ 50 ms p95',
      baseline: { name: 'the tag unticked → the newest runs on screen (the page\'s unfiltered newest-runs query), same page and rounds', value: f.unfiltered },
    },
    {
      name: `Filter by a tag over ${size}: the same figure beside the filter done without the tag index`,
      unit: 'ms',
      value: f.filtered,
      baseline: { name: 'every run and tag link read (getAll), filtered and sorted in memory, first 20 kept: data only, nothing drawn', value: f.scan },
    },
  ];
}
